import type { EntityManager } from '@mikro-orm/postgresql';
import type { RequestContext } from '@taskgraph/kit';
import type { Account } from './entities/account.js';
import { TokenPurpose } from './entities/account-token.js';
import { recordEmailVerified, recordVerificationRequested } from './events/publish.js';
import { issueToken, useToken } from './one-time-tokens.js';

/**
 * Proving that an account's address is its owner's: a link with a single-use token is emailed
 * (at registration, and again on request); following it marks the address verified and records
 * `user.email_verified`, which the projects subgraph accepts invitations with.
 */
export class EmailVerifications {
  constructor(private readonly ttlSeconds: number) {}

  /** Emails a new link, in the caller's transaction; earlier links stay valid until one is used. */
  send(em: EntityManager, account: Account): void {
    recordVerificationRequested(em, account, issueToken(em, account, TokenPurpose.EMAIL_VERIFICATION, this.ttlSeconds));
  }

  /**
   * Verifies the address of the token's account; false for a bad, used or expired token. When
   * it returns, every service that acts on verified addresses knows it (an invitation to it can
   * be accepted at once).
   */
  async verify(ctx: RequestContext, token: string): Promise<boolean> {
    const verified = await ctx.transaction(async (em) => {
      const account = await useToken(em, TokenPurpose.EMAIL_VERIFICATION, token);
      if (!account) return null;
      account.emailVerifiedAt = new Date();
      return recordEmailVerified(em, account);
    });
    if (!verified) return false;
    await ctx.inForce([verified]);
    return true;
  }
}
