import type { EventHandlers } from '@taskgraph/kit';
import { projectEventHandlers } from '@taskgraph/memberships';
import { NotificationKind } from '../../kinds.js';
import { actorName, projectName } from '../../messages.js';
import { notify } from '../../notify.js';

/** The membership replica (who may read a project's activity), and PROJECT_MEMBER_ADDED for the added user. */
export const projectHandlers: EventHandlers = {
  ...projectEventHandlers,
  'project.member_added': async (em, event) => {
    await projectEventHandlers['project.member_added'](em, event);
    const { projectId, userId } = event.data;
    const message = `${await actorName(em, event.actorId)} added you to “${await projectName(em, projectId)}”`;
    await notify(em, event, [userId], { kind: NotificationKind.PROJECT_MEMBER_ADDED, message, projectId });
  },
};
