import type { EntityClass, FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import type { RequestContext } from './context.js';

interface WithId {
  id: string;
}

/** Rows of `entity` with these ids and matching `where`, by id: one statement. */
export async function findByIds<T extends WithId>(
  em: EntityManager,
  entity: EntityClass<T>,
  ids: readonly string[],
  where: FilterQuery<T> = {},
): Promise<Map<string, T>> {
  // A query builder, because MikroORM cannot type-check `{ id: … }` against a generic entity.
  const query = em.createQueryBuilder(entity);
  const rows: T[] = await query
    .where(where)
    .andWhere(`${query.alias}.id in (?)`, [[...ids]])
    .getResultList();
  return new Map(rows.map((row) => [row.id, row]));
}

/**
 * A per-request DataLoader (`ctx.loader(factory)`) of `entity` by id: ids asked for in the same
 * tick cost one statement, and each loads as its row, or null when there is none or it is out
 * of the viewer's `scope` (null scope: nothing is visible).
 */
export function loaderById<T extends WithId>(entity: EntityClass<T>, scope?: (ctx: RequestContext) => FilterQuery<T> | null) {
  return (ctx: RequestContext) =>
    new DataLoader<string, T | null>(async (ids) => {
      const where = scope ? scope(ctx) : undefined;
      const found = where === null ? new Map<string, T>() : await findByIds(ctx.em, entity, ids, where);
      return ids.map((id) => found.get(id) ?? null);
    });
}
