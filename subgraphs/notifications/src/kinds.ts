import { registerEnumType } from 'type-graphql';

export enum NotificationKind {
  TASK_ASSIGNED = 'TASK_ASSIGNED',
  TASK_STATUS_CHANGED = 'TASK_STATUS_CHANGED',
  TASK_COMPLETED = 'TASK_COMPLETED',
  TASK_COMMENTED = 'TASK_COMMENTED',
  TASK_DUE_SOON = 'TASK_DUE_SOON',
  PROJECT_MEMBER_ADDED = 'PROJECT_MEMBER_ADDED',
}
registerEnumType(NotificationKind, { name: 'NotificationKind' });

/** What happened to a task; the live `TaskEvent` (gateway) uses the same values. */
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
