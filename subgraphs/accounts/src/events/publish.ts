import type { EntityManager } from '@mikro-orm/postgresql';
import { type RecordedEvent, recordEvent } from '@taskgraph/kit';
import type { Account } from '../entities/account.js';
import type { IssuedToken } from '../one-time-tokens.js';

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

/** Asks notifications to email the reset link; the token is the link's, of which accounts keeps only the hash. */
export function recordPasswordResetRequested(em: EntityManager, account: Account, { token, expiresAt }: IssuedToken): void {
  recordEvent(
    em,
    'account.password_reset_requested',
    { userId: account.id, email: account.email, token, expiresAt: expiresAt.toISOString() },
    null,
  );
}

/** Asks notifications to email the verification link. */
export function recordVerificationRequested(em: EntityManager, account: Account, { token, expiresAt }: IssuedToken): void {
  recordEvent(
    em,
    'account.verification_requested',
    { userId: account.id, email: account.email, token, expiresAt: expiresAt.toISOString() },
    account.id,
  );
}

/** The address is the user's: what invitations to it are accepted with. */
export function recordEmailVerified(em: EntityManager, account: Account): RecordedEvent {
  return recordEvent(em, 'user.email_verified', { userId: account.id, email: account.email }, account.id);
}
