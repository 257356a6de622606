import { DELETED_USER_NAME } from '@taskgraph/contracts';
import type { EventHandlers } from '@taskgraph/kit';
import { Notification } from '../../entities/notification.js';
import { NotificationPreference } from '../../entities/notification-preference.js';
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
  /**
   * A deleted user's notifications, preferences and emails (sent or not) go; later messages
   * call them "Deleted user", and no address of theirs is kept. Others' notifications that
   * name them as actor stay, as those people's own record.
   */
  'user.deleted': async (em, { data }) => {
    const { userId } = data;
    const known = await em.findOne(UserName, { id: userId });
    await em.execute(
      'delete from email_deliveries where notification_id in (select id from notifications where recipient_id = ?) or to_address = ?',
      [userId, known?.email ?? null],
    );
    await em.nativeDelete(Notification, { recipientId: userId });
    await em.nativeDelete(NotificationPreference, { userId });
    await em.upsert(new UserName(userId, DELETED_USER_NAME, null));
  },
  'user.email_verified': async (em, { data }) => {
    await em.nativeUpdate(UserName, { id: data.userId }, { email: data.email, emailVerified: true });
  },
};
