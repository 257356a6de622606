import type { EventHandlers } from '@taskgraph/kit';
import { UserName } from '../../entities/user-name.js';

/** Keeps the display names that notification messages use. */
export const userEventHandlers: EventHandlers = {
  'user.registered': async (em, { data }) => {
    await em.upsert(new UserName(data.userId, data.displayName));
  },
  'user.profile_updated': async (em, { data }) => {
    await em.upsert(new UserName(data.userId, data.displayName));
  },
};
