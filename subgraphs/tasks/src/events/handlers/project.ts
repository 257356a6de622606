import type { EventHandlers } from '@taskgraph/kit';
import { projectEventHandlers } from '@taskgraph/memberships';
import { Task } from '../../entities/task.js';

/** The membership replica (who may do what to a project's tasks), and a deleted project's tasks taken with it. */
export const projectHandlers: EventHandlers = {
  ...projectEventHandlers,
  'project.deleted': async (em, event) => {
    // Comments go with their tasks (on delete cascade).
    await em.nativeDelete(Task, { projectId: event.data.projectId });
    await projectEventHandlers['project.deleted'](em, event);
  },
};
