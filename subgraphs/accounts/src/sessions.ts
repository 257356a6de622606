import { createHash, randomBytes } from 'node:crypto';
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { ACCESS_TOKEN_ALGORITHM, newId, sessionRevoked, unauthenticated } from '@taskgraph/kit';
import { SignJWT } from 'jose';
import type { Account } from './entities/account.js';
import { RefreshToken } from './entities/refresh-token.js';
import type { SigningKeys } from './signing-keys.js';

export interface Session {
  accessToken: string;
  accessTokenExpiresAt: Date;
  refreshToken: string;
  account: Account;
}

export interface SessionSettings {
  AUTH_ISSUER: string;
  AUTH_AUDIENCE: string;
  ACCESS_TOKEN_TTL_SECONDS: number;
  REFRESH_TOKEN_TTL_SECONDS: number;
}

const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

/** Issues access tokens and the rotating refresh tokens behind them. */
export class Sessions {
  constructor(
    private readonly keys: SigningKeys,
    private readonly settings: SessionSettings,
  ) {}

  /** A new login: a new refresh token family. */
  start(em: EntityManager, account: Account): Promise<Session> {
    return this.issue(em, account, newId());
  }

  /**
   * Exchanges a refresh token for a new session. A token that was already exchanged means it
   * leaked (or a client misbehaves): its whole family is revoked, committed, and refused.
   */
  async refresh(em: EntityManager, presented: string): Promise<Session> {
    const outcome = await em.transactional(async (tx) => {
      const token = await tx.findOne(
        RefreshToken,
        { tokenHash: hashToken(presented) },
        { lockMode: LockMode.PESSIMISTIC_WRITE, populate: ['account'] },
      );
      if (!token || token.expiresAt <= new Date()) return null;
      if (token.revokedAt) return 'revoked' as const;
      if (token.usedAt) {
        await this.revokeFamily(tx, token.familyId);
        return 'reused' as const;
      }
      token.usedAt = new Date();
      return this.issue(tx, token.account, token.familyId);
    });
    if (outcome === 'reused') throw sessionRevoked('Refresh token was already used; this login has been signed out');
    if (outcome === 'revoked') throw sessionRevoked('This login has been signed out');
    if (!outcome) throw unauthenticated('Invalid or expired refresh token', 'TOKEN_INVALID');
    return outcome;
  }

  /** Ends the login the token belongs to; false when the token is unknown. */
  async end(em: EntityManager, presented: string): Promise<boolean> {
    const token = await em.findOne(RefreshToken, { tokenHash: hashToken(presented) });
    if (!token) return false;
    await this.revokeFamily(em, token.familyId);
    return true;
  }

  /** Every login of the account must sign in again. */
  async endAll(em: EntityManager, account: Account): Promise<void> {
    await em.nativeUpdate(RefreshToken, { account, revokedAt: null }, { revokedAt: new Date() });
  }

  private async revokeFamily(em: EntityManager, familyId: string): Promise<void> {
    await em.nativeUpdate(RefreshToken, { familyId, revokedAt: null }, { revokedAt: new Date() });
  }

  private async issue(em: EntityManager, account: Account, familyId: string): Promise<Session> {
    const now = Date.now();
    const refreshToken = randomBytes(32).toString('base64url');
    em.persist(
      new RefreshToken(account, familyId, hashToken(refreshToken), new Date(now + this.settings.REFRESH_TOKEN_TTL_SECONDS * 1000)),
    );
    await em.flush();
    const accessTokenExpiresAt = new Date(now + this.settings.ACCESS_TOKEN_TTL_SECONDS * 1000);
    const accessToken = await new SignJWT({})
      .setProtectedHeader({ alg: ACCESS_TOKEN_ALGORITHM, kid: this.keys.active.kid, typ: 'JWT' })
      .setSubject(account.id)
      .setIssuer(this.settings.AUTH_ISSUER)
      .setAudience(this.settings.AUTH_AUDIENCE)
      .setIssuedAt(Math.floor(now / 1000))
      .setExpirationTime(Math.floor(accessTokenExpiresAt.getTime() / 1000))
      .setJti(newId())
      .sign(this.keys.active.key);
    return { accessToken, accessTokenExpiresAt, refreshToken, account };
  }
}
