import { createHash, randomBytes } from 'node:crypto';
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { ACCESS_TOKEN_ALGORITHM, newId, type RecordedEvent, type RequestContext, sessionRevoked, unauthenticated } from '@taskgraph/kit';
import { SignJWT } from 'jose';
import type { Account } from './entities/account.js';
import { RefreshToken } from './entities/refresh-token.js';
import { recordSessionsRevoked } from './events/publish.js';
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

/**
 * Issues access tokens and the rotating refresh tokens behind them. A login is a session: its
 * refresh token family, whose id access tokens carry as `sid`. Ending a session revokes the
 * family and records `session.revoked`, which every replica of every service applies before the
 * mutation returns, so its access tokens stop working at once.
 */
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
  async refresh(ctx: RequestContext, presented: string): Promise<Session> {
    const outcome = await ctx.transaction(async (tx) => {
      const token = await tx.findOne(
        RefreshToken,
        { tokenHash: hashToken(presented) },
        { lockMode: LockMode.PESSIMISTIC_WRITE, populate: ['account'] },
      );
      if (!token || token.expiresAt <= new Date()) return null;
      if (token.revokedAt) return 'revoked' as const;
      if (token.usedAt) return this.revokeFamily(tx, token.account, token.familyId);
      token.usedAt = new Date();
      return this.issue(tx, token.account, token.familyId);
    });
    if (outcome === 'revoked') throw sessionRevoked('This login has been signed out');
    if (!outcome) throw unauthenticated('Invalid or expired refresh token', 'TOKEN_INVALID');
    if ('accessToken' in outcome) return outcome;
    // Reused: the family was revoked, and that is committed and in force before the refusal.
    await ctx.inForce([outcome]);
    throw sessionRevoked('Refresh token was already used; this login has been signed out');
  }

  /** Ends the login the token belongs to, in force when it returns; false when the token is unknown. */
  async end(ctx: RequestContext, presented: string): Promise<boolean> {
    const revoked = await ctx.transaction(async (em) => {
      const token = await em.findOne(RefreshToken, { tokenHash: hashToken(presented) }, { populate: ['account'] });
      return token ? this.revokeFamily(em, token.account, token.familyId) : null;
    });
    if (!revoked) return false;
    await ctx.inForce([revoked]);
    return true;
  }

  /** Every login of the account must sign in again, in the caller's transaction; the event to wait for once it commits. */
  async endAll(em: EntityManager, account: Account): Promise<RecordedEvent> {
    const open = await em.find(RefreshToken, { account, revokedAt: null }, { fields: ['familyId'] });
    await em.nativeUpdate(RefreshToken, { account, revokedAt: null }, { revokedAt: new Date() });
    return this.revoked(em, account, [...new Set(open.map((token) => token.familyId))]);
  }

  private async revokeFamily(em: EntityManager, account: Account, familyId: string): Promise<RecordedEvent> {
    await em.nativeUpdate(RefreshToken, { familyId, revokedAt: null }, { revokedAt: new Date() });
    return this.revoked(em, account, [familyId]);
  }

  /** Access tokens issued until now expire within their lifetime: past that, nobody needs to remember the sessions. */
  private revoked(em: EntityManager, account: Account, sessionIds: string[]): RecordedEvent {
    const until = new Date(Date.now() + this.settings.ACCESS_TOKEN_TTL_SECONDS * 1000);
    return recordSessionsRevoked(em, account.id, sessionIds, until, account.id);
  }

  private async issue(em: EntityManager, account: Account, familyId: string): Promise<Session> {
    const now = Date.now();
    const refreshToken = randomBytes(32).toString('base64url');
    em.persist(
      new RefreshToken(account, familyId, hashToken(refreshToken), new Date(now + this.settings.REFRESH_TOKEN_TTL_SECONDS * 1000)),
    );
    await em.flush();
    const accessTokenExpiresAt = new Date(now + this.settings.ACCESS_TOKEN_TTL_SECONDS * 1000);
    const accessToken = await new SignJWT({ sid: familyId })
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
