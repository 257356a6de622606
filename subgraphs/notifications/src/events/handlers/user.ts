import type { EventHandlers } from '@taskgraph/kit';
import { UserName } from '../../entities/user-name.js';

/** Keeps the display names that notification messages use, and the addresses emails go to. */
export const userEventHandlers: EventHandlers = {
  'user.registered': async (em, { data }) => {
    await em.upsert(new UserName(data.userId, data.displayName, data.email));
  },
  'user.profile_updated': async (em, { data }) => {
    // A profile does not carry the email: keep the one registration gave.
    await em.upsert(UserName, { id: data.userId, displayName: data.displayName }, { onConflictMergeFields: ['displayName'] });
  },
  'user.email_verified': async (em, { data }) => {
    await em.nativeUpdate(UserName, { id: data.userId }, { email: data.email, emailVerified: true });
  },
};
