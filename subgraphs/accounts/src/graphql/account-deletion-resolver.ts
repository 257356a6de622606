import { LockMode } from '@mikro-orm/core';
import { type RequestContext, sessionRevoked } from '@taskgraph/kit';
import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { Account } from '../entities/account.js';
import { RefreshToken } from '../entities/refresh-token.js';
import { recordUserDeleted } from '../events/publish.js';
import type { LoginLimiter } from '../login-limiter.js';
import { reauthenticate } from '../reauthenticate.js';
import type { Sessions } from '../sessions.js';

@Resolver()
export class AccountDeletionResolver {
  constructor(private readonly deps: { sessions: Sessions; limiter: LoginLimiter }) {}

  @Mutation(() => Boolean, {
    description:
      'The password again (wrong: BAD_USER_INPUT on password). Ends every session, in force when it returns, and removes the ' +
      'credentials; every subgraph then removes or anonymises what it holds of the user ("Deleted user"). The email may register again.',
  })
  async deleteAccount(@Arg('password', () => String) password: string, @Ctx() ctx: RequestContext): Promise<boolean> {
    const { id } = await reauthenticate(ctx, this.deps.limiter, password, 'password');
    const revoked = await ctx.transaction(async (em) => {
      // The refresh tokens, then the account, are locked first, in the order a refresh takes them
      // (so neither can wait for the other in a cycle): a login or refresh in flight either commits
      // its session before, and is ended below, or waits and finds the account gone. None slips between.
      await em.find(RefreshToken, { account: id }, { lockMode: LockMode.PESSIMISTIC_WRITE, fields: ['id'] });
      const account = await em.findOne(Account, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!account) throw sessionRevoked('This account no longer exists');
      const ended = await this.deps.sessions.endAll(em, account);
      recordUserDeleted(em, id);
      // Its refresh tokens go with it (on delete cascade).
      await em.nativeDelete(Account, { id });
      return ended;
    });
    await ctx.inForce([revoked]);
    return true;
  }
}
