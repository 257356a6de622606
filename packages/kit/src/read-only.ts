import type { EntityClass, EntityDictionary } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * The entity of a row read for a page, built as `em.map` builds it (column names mapped to
 * properties, types converted) but not merged into the request's identity map: a page is only
 * read, and registering each of its rows (and the snapshot taken for change tracking) was most
 * of what mapping a page cost. Never change one and flush it: the entity manager does not know it.
 */
export function readOnlyEntity<T extends object>(em: EntityManager, entity: EntityClass<T>, row: EntityDictionary<T>): T {
  const data = em.getDriver().mapResult(row, em.getMetadata().get<T>(entity.name)) ?? {};
  return em.getEntityFactory().create(entity, data, { merge: false, initialized: true, newEntity: false, convertCustomTypes: true });
}
