import type { EntityManager } from '@mikro-orm/postgresql';
import type { EventEnvelope } from '@taskgraph/contracts';
import { User, UserRole } from '../../entities/user.js';

/** Creates the profile of a newly registered account. */
export function onUserRegistered(adminEmails: string[]) {
  return async (em: EntityManager, event: EventEnvelope<'user.registered'>): Promise<void> => {
    const { userId, email, displayName } = event.data;
    const user = new User(userId, email, displayName, new Date(event.occurredAt));
    if (adminEmails.includes(email)) user.role = UserRole.ADMIN;
    await em.upsert(user);
  };
}
