import type { EntityManager } from '@mikro-orm/postgresql';
import { DELETED_USER_NAME, type EventEnvelope } from '@taskgraph/contracts';
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

/**
 * Anonymises the profile of a deleted account: it keeps its id, so what the user wrote still
 * names someone ("Deleted user"), and loses everything that said who they were. Once done, a
 * later copy of the event finds nothing left to change.
 */
export async function onUserDeleted(em: EntityManager, event: EventEnvelope<'user.deleted'>): Promise<void> {
  const deletedAt = new Date(event.occurredAt);
  await em.nativeUpdate(
    User,
    { id: event.data.userId, deletedAt: null },
    {
      displayName: DELETED_USER_NAME,
      email: null,
      avatarUrl: null,
      bio: null,
      timezone: null,
      role: UserRole.USER,
      deletedAt,
      updatedAt: deletedAt,
    },
  );
}
