import { defineSubgraph, idempotentConsumer, parseId } from '@taskgraph/kit';
import { ProjectAccess, projectReplicaEntities } from '@taskgraph/memberships';
import { ActivityItem } from './entities/activity-item.js';
import { Notification } from './entities/notification.js';
import { UserName } from './entities/user-name.js';
import { projectHandlers } from './events/project-events.js';
import { taskHandlers } from './events/task-events.js';
import { userEventHandlers } from './events/user-events.js';
import { ActivityItemResolver, ProjectActivityResolver } from './graphql/activity-resolver.js';
import { NotificationResolver } from './graphql/notification-resolver.js';
import { ownNotificationsById } from './loaders.js';
import { notificationsSettings } from './settings.js';

export const notifications = defineSubgraph({
  name: 'notifications',
  settings: notificationsSettings,
  entities: [Notification, ActivityItem, UserName, ...projectReplicaEntities],
  migrations: new URL('./migrations/', import.meta.url),
  schema: { resolvers: [NotificationResolver, ProjectActivityResolver, ActivityItemResolver] },
  setup({ settings, orm }) {
    return {
      resolvers: [new NotificationResolver(), new ProjectActivityResolver(new ProjectAccess(settings.ACCESS_WAIT_MS)), new ActivityItemResolver()],
      references: {
        // Only its recipient sees a notification.
        Notification: (reference, ctx) => ctx.loader(ownNotificationsById).load(parseId(reference.id)),
        Project: (reference) => ({ id: reference.id }),
      },
      consumers: [
        idempotentConsumer(orm, 'notifications-users', 'user.>', userEventHandlers, { ordered: true }),
        idempotentConsumer(orm, 'notifications-projects', 'project.>', projectHandlers, { ordered: true }),
        idempotentConsumer(orm, 'notifications-tasks', 'task.>', taskHandlers),
      ],
    };
  },
});
