import { badUserInput, invalidToken, parseArgument, type RequestContext, sessionRevoked, tokenArgument } from '@taskgraph/kit';
import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { EmailLimiter } from '../email-limiter.js';
import type { EmailVerifications } from '../email-verifications.js';
import { Account } from '../entities/account.js';

@Resolver()
export class EmailVerificationResolver {
  constructor(private readonly deps: { verifications: EmailVerifications; verificationLimiter: EmailLimiter }) {}

  @Mutation(() => Boolean, {
    description:
      'From the link in the email sent at registration (and by resendVerificationEmail). A bad, used or expired token: BAD_USER_INPUT (fields.token).',
  })
  async verifyEmail(@Arg('token', () => String) token: string, @Ctx() ctx: RequestContext): Promise<boolean> {
    const presented = parseArgument('token', tokenArgument, token);
    if (!(await this.deps.verifications.verify(ctx, presented))) throw badUserInput(invalidToken);
    return true;
  }

  @Mutation(() => Boolean, { description: 'Emails a new verification link; false when the email is verified already. Rate limited.' })
  async resendVerificationEmail(@Ctx() ctx: RequestContext): Promise<boolean> {
    const viewer = ctx.requireViewer();
    const account = await ctx.em.findOneOrFail(
      Account,
      { id: viewer.userId },
      { failHandler: () => sessionRevoked('This account no longer exists') },
    );
    if (account.emailVerifiedAt) return false;
    await this.deps.verificationLimiter.consume(account.id, ctx.clientAddress);
    await ctx.transaction(async (em) => this.deps.verifications.send(em, account));
    return true;
  }
}
