import { AppError, findByIds, loaderById, type RequestContext, waitFor } from '@taskgraph/kit';
import DataLoader from 'dataloader';
import { User } from './entities/user.js';

/** Users by id, batched per request; an unknown id loads as null. */
export const usersById = loaderById(User);

/**
 * Users known to exist (a reference from another subgraph, the signed-in viewer), batched.
 * A profile is created from the registration event, so right after `register` it can still be
 * on its way: a missing one is looked up again for a short while before it counts as an error.
 */
export function existingUsersById(waitMs: number) {
  return (ctx: RequestContext) =>
    new DataLoader<string, User>(async (ids) => {
      const found = await findByIds(ctx.em, User, ids);
      if (found.size < ids.length) {
        await waitFor(async () => {
          const missing = ids.filter((id) => !found.has(id));
          for (const [id, user] of await findByIds(ctx.em, User, missing)) found.set(id, user);
          return found.size === ids.length ? true : undefined;
        }, waitMs);
      }
      return ids.map((id) => found.get(id) ?? new AppError('INTERNAL_SERVER_ERROR', 'User profile is not available yet'));
    });
}
