import { connectionTypes } from '@taskgraph/kit';
import { ActivityItem } from '../entities/activity-item.js';
import { Notification } from '../entities/notification.js';

export const { Connection: NotificationConnection } = connectionTypes(Notification, 'Notification');

export const { Connection: ActivityConnection } = connectionTypes(ActivityItem, 'Activity');
