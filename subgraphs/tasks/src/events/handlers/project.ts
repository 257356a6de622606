import type { EventHandlers } from '@taskgraph/kit';
import { projectEventHandlers } from '@taskgraph/memberships';
import { Label } from '../../entities/label.js';
import { Task } from '../../entities/task.js';
import { recordTaskEvent, taskSnapshot } from '../publish.js';

/**
 * The membership replica authorization reads; a removed member leaves the project's tasks (each
 * task of theirs is unassigned, as `assignTask(id, null)` would, with its `task.assigned`); and a
 * deleted project's tasks and labels go with it.
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
  'project.deleted': async (em, event) => {
    // Comments and label assignments go with their tasks and labels (on delete cascade).
    await em.nativeDelete(Task, { projectId: event.data.projectId });
    await em.nativeDelete(Label, { projectId: event.data.projectId });
    await projectEventHandlers['project.deleted'](em, event);
  },
};
