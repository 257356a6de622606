import type { EntityClass, EntityDictionary } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import type { RequestContext } from './context.js';

interface WithId {
  id: string;
}

/**
 * Rows of `entity` with these ids, by id, as managed entities: one statement. Written with knex
 * and mapped with `em.map` (the identity map and change tracking, as a query through MikroORM
 * gives them), because MikroORM's query builder cost more to build the statement than to run it
 * on the hot reads (docs/benchmarks.md, Performance v2).
 */
export async function findByIds<T extends WithId>(
  em: EntityManager,
  entity: EntityClass<T>,
  ids: readonly string[],
): Promise<Map<string, T>> {
  if (!ids.length) return new Map();
  const { tableName } = em.getMetadata().get<T>(entity.name);
  const rows: EntityDictionary<T>[] = await em
    .getKnex()(tableName)
    .select('*')
    .whereIn('id', [...ids]);
  const found = rows.map((row) => em.map(entity, row));
  return new Map(found.map((row) => [row.id, row]));
}

/**
 * A per-request DataLoader (`ctx.loader(factory)`) of `entity` by id: ids asked for in the same
 * tick cost one statement, and each loads as its row, or null when there is none or `visible`
 * says the viewer may not see it.
 */
export function loaderById<T extends WithId>(entity: EntityClass<T>, visible?: (ctx: RequestContext, row: T) => boolean) {
  return (ctx: RequestContext) =>
    new DataLoader<string, T | null>(async (ids) => {
      const found = await findByIds(ctx.em, entity, ids);
      return ids.map((id) => {
        const row = found.get(id);
        return row && (!visible || visible(ctx, row)) ? row : null;
      });
    });
}
