import type { EntityManager } from '@mikro-orm/postgresql';
import type { EventEnvelope } from '@taskgraph/contracts';
import { KnownUser } from '../../entities/known-user.js';

export async function onUserRegistered(em: EntityManager, event: EventEnvelope<'user.registered'>): Promise<void> {
  await em.upsert(new KnownUser(event.data.userId, new Date(event.occurredAt)));
}
