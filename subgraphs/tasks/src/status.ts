import { TaskStatus } from './entities/task.js';

const { TODO, IN_PROGRESS, IN_REVIEW, DONE, CANCELLED } = TaskStatus;

/**
 * Where a task may go from each status. A finished task can be reopened; a done task is not
 * cancelled after the fact; a cancelled task comes back only as TODO.
 */
const next: Record<TaskStatus, TaskStatus[]> = {
  TODO: [IN_PROGRESS, IN_REVIEW, DONE, CANCELLED],
  IN_PROGRESS: [TODO, IN_REVIEW, DONE, CANCELLED],
  IN_REVIEW: [TODO, IN_PROGRESS, DONE, CANCELLED],
  DONE: [TODO, IN_PROGRESS, IN_REVIEW],
  CANCELLED: [TODO],
};

export const canMove = (from: TaskStatus, to: TaskStatus): boolean => next[from].includes(to);
