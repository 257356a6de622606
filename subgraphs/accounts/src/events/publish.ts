import type { EntityManager } from '@mikro-orm/postgresql';
import { type RecordedEvent, recordEvent } from '@taskgraph/kit';
import type { Account } from '../entities/account.js';

export function recordUserRegistered(em: EntityManager, account: Account): void {
  recordEvent(em, 'user.registered', { userId: account.id, email: account.email, displayName: account.displayName }, account.id);
}

/** Sessions ended: every replica refuses their access tokens, which expire by `until` anyway. */
export function recordSessionsRevoked(
  em: EntityManager,
  userId: string,
  sessionIds: string[],
  until: Date,
  actorId: string | null,
): RecordedEvent {
  return recordEvent(em, 'session.revoked', { userId, sessionIds, until: until.toISOString() }, actorId);
}

/** The account is gone: the other subgraphs remove or anonymise what they hold of the user. */
export function recordUserDeleted(em: EntityManager, userId: string): RecordedEvent {
  return recordEvent(em, 'user.deleted', { userId }, userId);
}
