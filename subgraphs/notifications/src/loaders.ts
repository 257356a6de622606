import { loaderById } from '@taskgraph/kit';
import { Notification } from './entities/notification.js';

/** The viewer's own in-app notifications by id, batched; anyone else's (and email-only ones) load as null. */
export const ownNotificationsById = loaderById(Notification, (ctx) =>
  ctx.viewer ? { recipientId: ctx.viewer.userId, inApp: true } : null,
);
