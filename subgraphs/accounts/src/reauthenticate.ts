import { badUserInput, type RequestContext, sessionRevoked } from '@taskgraph/kit';
import { Account } from './entities/account.js';
import type { LoginLimiter } from './login-limiter.js';
import { verifyPassword } from './passwords.js';

/**
 * The signed-in user's account, once they have given its password again (for a change that an
 * open session alone must not make). A wrong one is BAD_USER_INPUT on `field`, and counts as a
 * failed login: a stolen access token must not become a way to guess the password.
 */
export async function reauthenticate(ctx: RequestContext, limiter: LoginLimiter, password: string, field: string): Promise<Account> {
  const viewer = ctx.requireViewer();
  const account = await ctx.em.findOneOrFail(
    Account,
    { id: viewer.userId },
    { failHandler: () => sessionRevoked('This account no longer exists') },
  );
  await limiter.attempt(account.email, ctx.clientAddress);
  if (!(await verifyPassword(account.passwordHash, password))) throw badUserInput({ [field]: 'is incorrect' });
  await limiter.succeeded(account.email, ctx.clientAddress);
  return account;
}
