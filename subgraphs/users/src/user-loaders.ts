import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import { AppError, type RequestContext } from '@taskgraph/kit';
import { User } from './entities/user.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function findUsers(em: EntityManager, ids: readonly string[]): Promise<Map<string, User>> {
  const users = await em.find(User, { id: { $in: [...ids] } });
  return new Map(users.map((user) => [user.id, user]));
}

/** Users by id, batched per request; an unknown id loads as null. */
export const usersById = (ctx: RequestContext) =>
  new DataLoader<string, User | null>(async (ids) => {
    const found = await findUsers(ctx.em, ids);
    return ids.map((id) => found.get(id) ?? null);
  });

/**
 * Users known to exist (a reference from another subgraph, the signed-in viewer), batched.
 * A profile is created from the registration event, so right after `register` it can still be
 * on its way: a missing one is looked up again for a short while before it counts as an error.
 */
export function existingUsersById(waitMs: number) {
  return (ctx: RequestContext) =>
    new DataLoader<string, User>(async (ids) => {
      const found = await findUsers(ctx.em, ids);
      const deadline = Date.now() + waitMs;
      for (let delay = 20; found.size < ids.length && Date.now() < deadline; delay = Math.min(delay * 2, 500)) {
        await sleep(delay);
        const missing = ids.filter((id) => !found.has(id));
        for (const [id, user] of await findUsers(ctx.em, missing)) found.set(id, user);
      }
      return ids.map((id) => found.get(id) ?? new AppError('INTERNAL_SERVER_ERROR', 'User profile is not available yet'));
    });
}
