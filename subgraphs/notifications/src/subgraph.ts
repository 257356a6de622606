import { defineSubgraph, idempotentConsumer, PeriodicJob } from '@taskgraph/kit';
import { ProjectAccess, projectReplicaEntities } from '@taskgraph/memberships';
import { EmailSender, observeEmailBacklog } from './email/sender.js';
import { smtpTransport } from './email/transport.js';
import { ActivityItem } from './entities/activity-item.js';
import { EmailDelivery } from './entities/email-delivery.js';
import { Notification } from './entities/notification.js';
import { NotificationPreference } from './entities/notification-preference.js';
import { UserName } from './entities/user-name.js';
import { accountEventHandlers } from './events/handlers/account.js';
import { projectHandlers } from './events/handlers/project.js';
import { taskHandlers } from './events/handlers/task.js';
import { userEventHandlers } from './events/handlers/user.js';
import { ActivityItemResolver, ProjectActivityResolver } from './graphql/activity-resolver.js';
import { NotificationResolver } from './graphql/notification-resolver.js';
import { NotificationPreferenceResolver } from './graphql/preference-resolver.js';
import { notificationsSettings } from './settings.js';

export const notifications = defineSubgraph({
  name: 'notifications',
  settings: notificationsSettings,
  entities: [Notification, NotificationPreference, EmailDelivery, ActivityItem, UserName, ...projectReplicaEntities],
  migrations: new URL('./migrations/', import.meta.url),
  schema: { resolvers: [NotificationResolver, NotificationPreferenceResolver, ProjectActivityResolver, ActivityItemResolver] },
  setup({ settings, orm, logger, metrics }) {
    observeEmailBacklog(orm, metrics);
    const jobs: PeriodicJob[] = [];
    if (settings.SMTP_URL) {
      const sender = new EmailSender(orm, smtpTransport(settings.SMTP_URL, settings.MAIL_FROM), settings, metrics, logger);
      jobs.push(new PeriodicJob('email sender', settings.EMAIL_SEND_INTERVAL_MS, () => sender.sendDue(), logger));
    } else {
      logger.warn('SMTP_URL is not set: emails wait in email_deliveries, unsent');
    }
    return {
      dependencies: { access: new ProjectAccess() },
      consumers: [
        // An enforcer: once verifyEmail returns, an invitation to the address is shown to its owner.
        idempotentConsumer(orm, 'notifications-users', 'user.>', userEventHandlers, { ordered: true, enforces: true }),
        idempotentConsumer(orm, 'notifications-projects', 'project.>', projectHandlers(settings.APP_URL), {
          ordered: true,
          enforces: true,
        }),
        idempotentConsumer(orm, 'notifications-accounts', 'account.>', accountEventHandlers(settings.APP_URL)),
        idempotentConsumer(orm, 'notifications-tasks', 'task.>', taskHandlers),
      ],
      jobs,
    };
  },
});
