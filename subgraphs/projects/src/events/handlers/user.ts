import type { EntityManager } from '@mikro-orm/postgresql';
import type { EventEnvelope } from '@taskgraph/contracts';
import { KnownUser } from '../../entities/known-user.js';
import { VerifiedEmail } from '../../entities/verified-email.js';

export async function onUserRegistered(em: EntityManager, event: EventEnvelope<'user.registered'>): Promise<void> {
  await em.upsert(new KnownUser(event.data.userId, new Date(event.occurredAt)));
}

export async function onEmailVerified(em: EntityManager, event: EventEnvelope<'user.email_verified'>): Promise<void> {
  await em.upsert(new VerifiedEmail(event.data.userId, event.data.email));
}
