import { defineSubgraph, idempotentConsumer } from '@taskgraph/kit';
import { User, UserRole } from './entities/user.js';
import { onUserDeleted, onUserRegistered } from './events/handlers/user.js';
import { UserResolver } from './graphql/user-resolver.js';
import { existingUsersById } from './loaders.js';
import { usersSettings } from './settings.js';

export const users = defineSubgraph({
  name: 'users',
  settings: usersSettings,
  entities: [User],
  migrations: new URL('./migrations/', import.meta.url),
  schema: { resolvers: [UserResolver] },
  async setup({ settings, orm }) {
    const adminEmails = settings.ADMIN_EMAILS.map((email) => email.toLowerCase());
    if (adminEmails.length) await orm.em.fork().nativeUpdate(User, { email: { $in: adminEmails } }, { role: UserRole.ADMIN });
    return {
      dependencies: { existingUsers: existingUsersById(settings.PROFILE_WAIT_MS) },
      consumers: [
        // In stream order, so that a registration retried late cannot bring back a profile its deletion anonymised.
        idempotentConsumer(
          orm,
          'users',
          'user.>',
          { 'user.registered': onUserRegistered(adminEmails), 'user.deleted': onUserDeleted },
          { ordered: true },
        ),
      ],
    };
  },
});
