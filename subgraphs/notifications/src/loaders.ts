import { loaderById } from '@taskgraph/kit';
import { Notification } from './entities/notification.js';

/** The viewer's own in-app notifications by id, batched; anyone else's (and email-only ones) load as null. */
export const ownNotificationsById = loaderById(
  Notification,
  (ctx, notification) => notification.inApp && notification.recipientId === ctx.viewer?.userId,
);
