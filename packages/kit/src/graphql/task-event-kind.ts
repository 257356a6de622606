import { registerEnumType } from 'type-graphql';

/** What happened to a task: the kinds of the activity feed and of the live `TaskEvent`. */
export enum TaskEventKind {
  CREATED = 'CREATED',
  UPDATED = 'UPDATED',
  ASSIGNED = 'ASSIGNED',
  STATUS_CHANGED = 'STATUS_CHANGED',
  COMPLETED = 'COMPLETED',
  COMMENTED = 'COMMENTED',
  DELETED = 'DELETED',
}
registerEnumType(TaskEventKind, { name: 'TaskEventKind' });

/** The kind each task event type is reported as; `task.due_soon` is no change to the task. */
export const taskEventKinds: Partial<Record<string, TaskEventKind>> = {
  'task.created': TaskEventKind.CREATED,
  'task.updated': TaskEventKind.UPDATED,
  'task.assigned': TaskEventKind.ASSIGNED,
  'task.status_changed': TaskEventKind.STATUS_CHANGED,
  'task.completed': TaskEventKind.COMPLETED,
  'task.commented': TaskEventKind.COMMENTED,
  'task.deleted': TaskEventKind.DELETED,
};
