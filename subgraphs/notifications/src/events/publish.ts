import type { EntityManager } from '@mikro-orm/postgresql';
import { recordEvent } from '@taskgraph/kit';
import type { Notification } from '../entities/notification.js';

/** What live subscriptions deliver to the recipient. */
export function recordNotificationCreated(em: EntityManager, notification: Notification): void {
  recordEvent(em, 'notification.created', { notificationId: notification.id, recipientId: notification.recipientId }, notification.actorId);
}
