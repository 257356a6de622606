import { defineSubgraph, idempotentConsumer } from '@taskgraph/kit';
import { ProjectAccess, projectReplicaEntities } from '@taskgraph/memberships';
import { ActivityItem } from './entities/activity-item.js';
import { Notification } from './entities/notification.js';
import { UserName } from './entities/user-name.js';
import { projectHandlers } from './events/handlers/project.js';
import { taskHandlers } from './events/handlers/task.js';
import { userEventHandlers } from './events/handlers/user.js';
import { ActivityItemResolver, ProjectActivityResolver } from './graphql/activity-resolver.js';
import { NotificationResolver } from './graphql/notification-resolver.js';
import { notificationsSettings } from './settings.js';

export const notifications = defineSubgraph({
  name: 'notifications',
  settings: notificationsSettings,
  entities: [Notification, ActivityItem, UserName, ...projectReplicaEntities],
  migrations: new URL('./migrations/', import.meta.url),
  schema: { resolvers: [NotificationResolver, ProjectActivityResolver, ActivityItemResolver] },
  setup({ orm }) {
    return {
      dependencies: { access: new ProjectAccess() },
      consumers: [
        idempotentConsumer(orm, 'notifications-users', 'user.>', userEventHandlers, { ordered: true }),
        idempotentConsumer(orm, 'notifications-projects', 'project.>', projectHandlers, { ordered: true, enforces: true }),
        idempotentConsumer(orm, 'notifications-tasks', 'task.>', taskHandlers),
      ],
    };
  },
});
