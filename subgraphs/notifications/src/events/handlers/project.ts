import type { EventHandlers } from '@taskgraph/kit';
import { projectEventHandlers } from '@taskgraph/memberships';
import { invitationEmail } from '../../email/invitation-email.js';
import { queueEmail } from '../../email/queue.js';
import { ActivityItem } from '../../entities/activity-item.js';
import { Notification } from '../../entities/notification.js';
import { NotificationKind } from '../../kinds.js';
import { actorName, projectName } from '../../messages.js';
import { notify, notifyInvitee } from '../../notify.js';

/**
 * The membership replica (who may read a project's activity), PROJECT_MEMBER_ADDED for the added
 * user, an invitation's email (and PROJECT_INVITED for a user whose verified address it is), and
 * a deleted project's activity and notifications taken with it.
 */
export const projectHandlers = (appUrl: string): EventHandlers => ({
  ...projectEventHandlers,
  'project.member_added': async (em, event) => {
    await projectEventHandlers['project.member_added'](em, event);
    const { projectId, userId } = event.data;
    const message = `${await actorName(em, event.actorId)} added you to “${await projectName(em, projectId)}”`;
    await notify(em, event, [userId], { kind: NotificationKind.PROJECT_MEMBER_ADDED, message, projectId });
  },
  'project.deleted': async (em, event) => {
    const { projectId } = event.data;
    await em.nativeDelete(ActivityItem, { projectId });
    await em.nativeDelete(Notification, { projectId });
    await projectEventHandlers['project.deleted'](em, event);
  },
  'project.invited': async (em, event) => {
    const names = { inviter: await actorName(em, event.actorId), project: await projectName(em, event.data.projectId) };
    queueEmail(em, event, invitationEmail(event.data, names, appUrl));
    await notifyInvitee(em, event, `${names.inviter} invited you to “${names.project}”`);
  },
});
