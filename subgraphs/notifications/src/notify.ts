import type { EntityManager } from '@mikro-orm/postgresql';
import type { EventEnvelope } from '@taskgraph/contracts';
import { membersAmong } from '@taskgraph/memberships';
import { NotificationChannel } from './channels.js';
import { EmailDelivery } from './entities/email-delivery.js';
import { Notification } from './entities/notification.js';
import { UserName } from './entities/user-name.js';
import { recordNotificationCreated } from './events/publish.js';
import { NotificationKind } from './kinds.js';
import { channelsFor } from './preferences.js';

export interface NotificationDraft {
  kind: NotificationKind;
  message: string;
  taskId?: string;
  projectId: string;
}

/**
 * Notifies each recipient who is a member of the project (a removed member hears nothing more
 * of it), never the actor of the event, by the channels they take this kind by: none, nothing at
 * all; IN_APP, a stored notification and `notification.created` (which live subscriptions
 * deliver); EMAIL, an email to send, made from the stored notification (kept out of the in-app
 * list when IN_APP is not chosen), in the same transaction.
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
    store(em, event, recipientId, await channelsFor(em, recipientId, draft.kind), draft);
  }
}

/**
 * PROJECT_INVITED for the user whose verified address was invited, if any: nobody else, so an
 * address someone signed up with but never proved shows them no invitation. The invitation's
 * own email, which goes to the address whatever anyone's preferences, is its email: this adds
 * the in-app notification only, for a user who takes the kind in-app.
 */
export async function notifyInvitee(em: EntityManager, event: EventEnvelope<'project.invited'>, message: string): Promise<void> {
  const invitee = await em.findOne(UserName, { email: event.data.email, emailVerified: true });
  if (!invitee || invitee.id === event.actorId) return;
  const kind = NotificationKind.PROJECT_INVITED;
  const channels = (await channelsFor(em, invitee.id, kind)).filter((channel) => channel === NotificationChannel.IN_APP);
  store(em, event, invitee.id, channels, { kind, message, projectId: event.data.projectId });
}

/** Stores one recipient's notification by the channels they take it by (none: nothing), in the handler's transaction. */
function store(
  em: EntityManager,
  event: EventEnvelope,
  recipientId: string,
  channels: readonly NotificationChannel[],
  draft: NotificationDraft,
): void {
  if (!channels.length) return;
  const notification = Object.assign(new Notification(recipientId, draft.kind, draft.message, event.id), {
    taskId: draft.taskId ?? null,
    projectId: draft.projectId,
    actorId: event.actorId,
    inApp: channels.includes(NotificationChannel.IN_APP),
  });
  em.persist(notification);
  if (notification.inApp) recordNotificationCreated(em, notification);
  if (channels.includes(NotificationChannel.EMAIL)) em.persist(Object.assign(new EmailDelivery(), { notificationId: notification.id }));
}
