import type { MikroORM } from '@mikro-orm/postgresql';
import { badUserInput, emailAddress, invalidToken, parseArgument, parseInput, type RequestContext, tokenArgument } from '@taskgraph/kit';
import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { z } from 'zod';
import type { DeferredWork } from '../deferred-work.js';
import type { EmailLimiter } from '../email-limiter.js';
import { Account } from '../entities/account.js';
import { TokenPurpose } from '../entities/account-token.js';
import { recordPasswordResetRequested } from '../events/publish.js';
import { issueToken, useToken } from '../one-time-tokens.js';
import { hashPassword } from '../passwords.js';
import type { Sessions } from '../sessions.js';
import { newPassword } from './inputs.js';

export interface PasswordResetDependencies {
  orm: MikroORM;
  sessions: Sessions;
  resetLimiter: EmailLimiter;
  deferred: DeferredWork;
  resetTtlSeconds: number;
}

const resetInput = z.object({ token: tokenArgument, newPassword });

@Resolver()
export class PasswordResetResolver {
  constructor(private readonly deps: PasswordResetDependencies) {}

  @Mutation(() => Boolean, {
    description:
      'Always true, whether or not the email is registered; emails a single-use link valid for 30 minutes. Rate limited per email and per client.',
  })
  async requestPasswordReset(@Arg('email', () => String) email: string, @Ctx() ctx: RequestContext): Promise<boolean> {
    const address = parseArgument('email', emailAddress, email);
    await this.deps.resetLimiter.consume(address, ctx.clientAddress);
    // Whether the address is registered must not show, in the answer or in its timing: the lookup comes after it.
    this.deps.deferred.run('password reset link', () => this.sendLink(address));
    return true;
  }

  @Mutation(() => Boolean, {
    description: 'Sets the password and ends every session. A bad, used or expired token: BAD_USER_INPUT (fields.token).',
  })
  async resetPassword(
    @Arg('token', () => String) token: string,
    @Arg('newPassword', () => String) password: string,
    @Ctx() ctx: RequestContext,
  ): Promise<boolean> {
    const input = parseInput(resetInput, { token, newPassword: password });
    const passwordHash = await hashPassword(input.newPassword);
    const revoked = await ctx.transaction(async (em) => {
      const account = await useToken(em, TokenPurpose.PASSWORD_RESET, input.token);
      if (!account) throw badUserInput(invalidToken);
      account.passwordHash = passwordHash;
      return this.deps.sessions.endAll(em, account);
    });
    await ctx.inForce([revoked]);
    return true;
  }

  /** A link for the account of the address, if there is one. */
  private sendLink(address: string): Promise<void> {
    return this.deps.orm.em.fork().transactional(async (em) => {
      const account = await em.findOne(Account, { email: address });
      if (!account) return;
      recordPasswordResetRequested(em, account, issueToken(em, account, TokenPurpose.PASSWORD_RESET, this.deps.resetTtlSeconds));
    });
  }
}
