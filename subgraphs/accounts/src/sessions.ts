import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  ACCESS_TOKEN_ALGORITHM,
  hashSecretToken,
  newId,
  newSecretToken,
  type RecordedEvent,
  type RequestContext,
  sessionRevoked,
  unauthenticated,
} from '@taskgraph/kit';
import { SignJWT } from 'jose';
import type { Account } from './entities/account.js';
import { LoginSession } from './entities/login-session.js';
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
  REFRESH_REUSE_GRACE_SECONDS: number;
}

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

  /** A new login: a new refresh token family, listed with the client's User-Agent. */
  start(em: EntityManager, account: Account, userAgent: string | null): Promise<Session> {
    const session = new LoginSession(newId(), account, userAgent, this.refreshExpiry(Date.now()));
    em.persist(session);
    return this.issue(em, session);
  }

  /**
   * Exchanges a refresh token for a new session. A token that was already exchanged means it
   * leaked (or a client misbehaves): its whole family is revoked, committed, and refused. Unless
   * the client is only asking again for an answer it lost: within the grace period of the
   * rotation, before any successor was used, it gets another successor of the same login.
   */
  async refresh(ctx: RequestContext, presented: string): Promise<Session> {
    const outcome = await ctx.transaction(async (tx) => {
      const token = await tx.findOne(
        RefreshToken,
        { tokenHash: hashSecretToken(presented) },
        { lockMode: LockMode.PESSIMISTIC_WRITE, populate: ['account'] },
      );
      if (!token || token.expiresAt <= new Date()) return null;
      if (token.revokedAt) return 'revoked' as const;
      if (token.usedAt && !(await this.askedAgain(tx, token))) return this.revokeFamily(tx, token.account, token.familyId);
      token.usedAt ??= new Date();
      const session = await tx.findOneOrFail(LoginSession, { id: token.familyId }, { populate: ['account'] });
      session.lastUsedAt = new Date();
      return this.issue(tx, session);
    });
    if (outcome === 'revoked') throw sessionRevoked('This login has been signed out');
    if (!outcome) throw unauthenticated('Invalid or expired refresh token', 'TOKEN_INVALID');
    if ('accessToken' in outcome) return outcome;
    // Reused: the family was revoked, and that is committed and in force before the refusal.
    await ctx.inForce([outcome]);
    throw sessionRevoked('Refresh token was already used; this login has been signed out');
  }

  /** A used token presented again soon enough, whose successors were never used: their answer did not reach the client. */
  private async askedAgain(em: EntityManager, token: RefreshToken): Promise<boolean> {
    if (!token.usedAt || Date.now() - token.usedAt.getTime() > this.settings.REFRESH_REUSE_GRACE_SECONDS * 1000) return false;
    const usedSuccessors = await em.count(RefreshToken, {
      familyId: token.familyId,
      createdAt: { $gte: token.usedAt },
      usedAt: { $ne: null },
    });
    return usedSuccessors === 0;
  }

  /** Ends the login the token belongs to, in force when it returns; false when the token is unknown. */
  async end(ctx: RequestContext, presented: string): Promise<boolean> {
    const revoked = await ctx.transaction(async (em) => {
      const token = await em.findOne(RefreshToken, { tokenHash: hashSecretToken(presented) }, { populate: ['account'] });
      return token ? this.revokeFamily(em, token.account, token.familyId) : null;
    });
    if (!revoked) return false;
    await ctx.inForce([revoked]);
    return true;
  }

  /** Every login of the account must sign in again, in the caller's transaction; the event to wait for once it commits. */
  async endAll(em: EntityManager, account: Account): Promise<RecordedEvent> {
    return (await this.endOpen(em, account, null)).revoked;
  }

  /**
   * Ends one open login of the account, in force when it returns; false when the account has
   * no such open login (another's, unknown, already ended).
   */
  async endOne(ctx: RequestContext, accountId: string, sessionId: string): Promise<boolean> {
    const revoked = await ctx.transaction(async (em) => {
      const session = await em.findOne(
        LoginSession,
        { id: sessionId, account: accountId, revokedAt: null, expiresAt: { $gt: new Date() } },
        { lockMode: LockMode.PESSIMISTIC_WRITE, populate: ['account'] },
      );
      return session ? this.revokeFamily(em, session.account, session.id) : null;
    });
    if (!revoked) return false;
    await ctx.inForce([revoked]);
    return true;
  }

  /** Ends every login of the account but `keep`, in force when it returns; how many were ended. */
  async endOthers(ctx: RequestContext, account: Account, keep: string): Promise<number> {
    const { revoked, count } = await ctx.transaction((em) => this.endOpen(em, account, keep));
    if (count) await ctx.inForce([revoked]);
    return count;
  }

  /** Revokes the refresh tokens of every login of the account not yet ended, but `keep`. */
  private async endOpen(em: EntityManager, account: Account, keep: string | null): Promise<{ revoked: RecordedEvent; count: number }> {
    const others = keep === null ? {} : { familyId: { $ne: keep } };
    const open = await em.find(RefreshToken, { account, revokedAt: null, ...others }, { fields: ['familyId'] });
    const now = new Date();
    await em.nativeUpdate(RefreshToken, { account, revokedAt: null, ...others }, { revokedAt: now });
    await em.nativeUpdate(LoginSession, { account, revokedAt: null, ...(keep === null ? {} : { id: { $ne: keep } }) }, { revokedAt: now });
    const sessionIds = [...new Set(open.map((token) => token.familyId))];
    return { revoked: this.revoked(em, account, sessionIds), count: sessionIds.length };
  }

  private async revokeFamily(em: EntityManager, account: Account, familyId: string): Promise<RecordedEvent> {
    const now = new Date();
    await em.nativeUpdate(RefreshToken, { familyId, revokedAt: null }, { revokedAt: now });
    await em.nativeUpdate(LoginSession, { id: familyId, revokedAt: null }, { revokedAt: now });
    return this.revoked(em, account, [familyId]);
  }

  /** Access tokens issued until now expire within their lifetime: past that, nobody needs to remember the sessions. */
  private revoked(em: EntityManager, account: Account, sessionIds: string[]): RecordedEvent {
    const until = new Date(Date.now() + this.settings.ACCESS_TOKEN_TTL_SECONDS * 1000);
    return recordSessionsRevoked(em, account.id, sessionIds, until, account.id);
  }

  private refreshExpiry(now: number): Date {
    return new Date(now + this.settings.REFRESH_TOKEN_TTL_SECONDS * 1000);
  }

  /** The session's next refresh token and an access token; the session is open until that token expires. */
  private async issue(em: EntityManager, session: LoginSession): Promise<Session> {
    const { account, id: familyId } = session;
    const now = Date.now();
    const { token: refreshToken, hash } = newSecretToken();
    session.expiresAt = this.refreshExpiry(now);
    em.persist(new RefreshToken(account, familyId, hash, session.expiresAt));
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
