import { loaderById } from '@taskgraph/kit';
import { Notification } from './entities/notification.js';

/** The viewer's own notifications by id, batched; anyone else's load as null. */
export const ownNotificationsById = loaderById(Notification, (ctx) => (ctx.viewer ? { recipientId: ctx.viewer.userId } : null));
