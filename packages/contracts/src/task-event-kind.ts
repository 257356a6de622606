import type { TaskEventType } from './catalog.js';

/** What happened to a task: the kinds of the activity feed and of the live `TaskEvent`. */
export enum TaskEventKind {
  CREATED = 'CREATED',
  UPDATED = 'UPDATED',
  ASSIGNED = 'ASSIGNED',
  STATUS_CHANGED = 'STATUS_CHANGED',
  COMPLETED = 'COMPLETED',
  COMMENTED = 'COMMENTED',
  DELETED = 'DELETED',
  MOVED = 'MOVED',
  COMMENT_UPDATED = 'COMMENT_UPDATED',
  COMMENT_DELETED = 'COMMENT_DELETED',
}

const kinds: Record<TaskEventType, TaskEventKind | null> = {
  'task.created': TaskEventKind.CREATED,
  'task.updated': TaskEventKind.UPDATED,
  'task.assigned': TaskEventKind.ASSIGNED,
  'task.status_changed': TaskEventKind.STATUS_CHANGED,
  'task.completed': TaskEventKind.COMPLETED,
  'task.commented': TaskEventKind.COMMENTED,
  'task.deleted': TaskEventKind.DELETED,
  'task.moved': TaskEventKind.MOVED,
  'task.comment_updated': TaskEventKind.COMMENT_UPDATED,
  'task.comment_deleted': TaskEventKind.COMMENT_DELETED,
  'task.due_soon': null,
};

/** The kind a task event is reported as, or null for `task.due_soon`, which is no change to the task. */
export const taskEventKind = (type: TaskEventType): TaskEventKind | null => kinds[type];
