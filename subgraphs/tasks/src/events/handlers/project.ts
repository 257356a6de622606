import type { EventHandlers } from '@taskgraph/kit';
import { projectEventHandlers } from '@taskgraph/memberships';
import { Task } from '../../entities/task.js';
import { recordTaskEvent, taskSnapshot } from '../publish.js';

/**
 * The membership replica authorization reads; and a removed member leaves the project's tasks:
 * each task of theirs is unassigned, as `assignTask(id, null)` would, with its `task.assigned`.
 */
export const projectHandlers: EventHandlers = {
  ...projectEventHandlers,
  'project.member_removed': async (em, event) => {
    await projectEventHandlers['project.member_removed'](em, event);
    const { projectId, userId } = event.data;
    const assigned = await em.find(Task, { projectId, assigneeId: userId });
    for (const task of assigned) {
      Object.assign(task, { assigneeId: null, updatedAt: new Date(), dueSoonNotifiedAt: null });
      recordTaskEvent(em, 'task.assigned', { ...taskSnapshot(task), previousAssigneeId: userId }, event.actorId);
    }
  },
};
