import type { EntityManager } from '@mikro-orm/postgresql';
import type { EventEnvelope } from '@taskgraph/contracts';
import { membersAmong } from '@taskgraph/memberships';
import { Notification } from './entities/notification.js';
import { recordNotificationCreated } from './events/publish.js';
import type { NotificationKind } from './kinds.js';

export interface NotificationDraft {
  kind: NotificationKind;
  message: string;
  taskId?: string;
  projectId: string;
}

/**
 * Stores a notification for each recipient who is a member of the project (a removed member
 * hears nothing more of it), never for the actor of the event, and records
 * `notification.created` for each, which live subscriptions deliver.
 */
export async function notify(
  em: EntityManager,
  event: EventEnvelope,
  recipients: (string | null)[],
  draft: NotificationDraft,
): Promise<void> {
  const unique = [...new Set(recipients.filter((id): id is string => id !== null && id !== event.actorId))];
  const members = await membersAmong(em, draft.projectId, unique);
  for (const recipientId of unique.filter((id) => members.has(id))) {
    const notification = Object.assign(new Notification(recipientId, draft.kind, draft.message, event.id), {
      taskId: draft.taskId ?? null,
      projectId: draft.projectId,
      actorId: event.actorId,
    });
    em.persist(notification);
    recordNotificationCreated(em, notification);
  }
}
