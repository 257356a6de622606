import { registerEnumType } from 'type-graphql';

export enum NotificationKind {
  TASK_ASSIGNED = 'TASK_ASSIGNED',
  TASK_STATUS_CHANGED = 'TASK_STATUS_CHANGED',
  TASK_COMPLETED = 'TASK_COMPLETED',
  TASK_COMMENTED = 'TASK_COMMENTED',
  TASK_DUE_SOON = 'TASK_DUE_SOON',
  PROJECT_MEMBER_ADDED = 'PROJECT_MEMBER_ADDED',
  /** An invitation to a registered user's email (sent by the projects subgraph's invitations). */
  PROJECT_INVITED = 'PROJECT_INVITED',
}
registerEnumType(NotificationKind, { name: 'NotificationKind' });
