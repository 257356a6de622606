import type { EntityManager } from '@mikro-orm/postgresql';
import type { EventEnvelope } from '@taskgraph/contracts';
import { Account } from '../../entities/account.js';

/** Keeps the account's copy of the display name current, for auth payloads. */
export async function onProfileUpdated(em: EntityManager, event: EventEnvelope<'user.profile_updated'>): Promise<void> {
  await em.nativeUpdate(Account, { id: event.data.userId }, { displayName: event.data.displayName });
}
