import type { EntityManager } from '@mikro-orm/postgresql';
import { recordEvent } from '@taskgraph/kit';
import type { Account } from '../entities/account.js';

export function recordUserRegistered(em: EntityManager, account: Account): void {
  recordEvent(em, 'user.registered', { userId: account.id, email: account.email, displayName: account.displayName }, account.id);
}
