import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { hashSecretToken, newSecretToken } from '@taskgraph/kit';
import type { Account } from './entities/account.js';
import { AccountToken, type TokenPurpose } from './entities/account-token.js';

export interface IssuedToken {
  token: string;
  expiresAt: Date;
}

/** A new token for the account's link, in the caller's transaction; only its hash is stored. */
export function issueToken(em: EntityManager, account: Account, purpose: TokenPurpose, ttlSeconds: number): IssuedToken {
  const { token, hash } = newSecretToken();
  const expiresAt = new Date(Date.now() + ttlSeconds * 1000);
  em.persist(new AccountToken(account, purpose, hash, expiresAt));
  return { token, expiresAt };
}

/**
 * Uses a token, in the caller's transaction: the account it belongs to, or null when it is
 * unknown, used or expired. The row is locked, so of two simultaneous uses only one succeeds;
 * every other token of the account for the same purpose is made void with it.
 */
export async function useToken(em: EntityManager, purpose: TokenPurpose, presented: string): Promise<Account | null> {
  const found = await em.findOne(
    AccountToken,
    { tokenHash: hashSecretToken(presented), purpose },
    { lockMode: LockMode.PESSIMISTIC_WRITE, populate: ['account'] },
  );
  if (!found || found.usedAt || found.expiresAt <= new Date()) return null;
  await em.nativeUpdate(AccountToken, { account: found.account, purpose, usedAt: null }, { usedAt: new Date() });
  return found.account;
}
