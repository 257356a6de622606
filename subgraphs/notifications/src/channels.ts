import { registerEnumType } from 'type-graphql';
import { NotificationKind } from './kinds.js';

export enum NotificationChannel {
  IN_APP = 'IN_APP',
  EMAIL = 'EMAIL',
}
registerEnumType(NotificationChannel, { name: 'NotificationChannel' });

const inAppAndEmail = [NotificationChannel.IN_APP, NotificationChannel.EMAIL];
const inAppOnly = [NotificationChannel.IN_APP];

/** The contract's defaults: what reaches someone who never chose. */
export const defaultChannels: Record<NotificationKind, readonly NotificationChannel[]> = {
  [NotificationKind.TASK_ASSIGNED]: inAppAndEmail,
  [NotificationKind.TASK_STATUS_CHANGED]: inAppOnly,
  [NotificationKind.TASK_COMPLETED]: inAppOnly,
  [NotificationKind.TASK_COMMENTED]: inAppOnly,
  [NotificationKind.TASK_DUE_SOON]: inAppAndEmail,
  [NotificationKind.PROJECT_MEMBER_ADDED]: inAppAndEmail,
  [NotificationKind.PROJECT_INVITED]: inAppAndEmail,
};

export const allKinds = Object.values(NotificationKind);
