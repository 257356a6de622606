import { defineSubgraph, idempotentConsumer, parseId } from '@taskgraph/kit';
import { User, UserRole } from './entities/user.js';
import { onUserRegistered } from './events/user-registered.js';
import { UserResolver } from './graphql/user-resolver.js';
import { usersSettings } from './settings.js';
import { existingUsersById } from './user-loaders.js';

export const users = defineSubgraph({
  name: 'users',
  settings: usersSettings,
  entities: [User],
  migrations: new URL('./migrations/', import.meta.url),
  schema: { resolvers: [UserResolver] },
  async setup({ settings, orm }) {
    const adminEmails = settings.ADMIN_EMAILS.map((email) => email.toLowerCase());
    if (adminEmails.length) await orm.em.fork().nativeUpdate(User, { email: { $in: adminEmails } }, { role: UserRole.ADMIN });
    const existingUsers = existingUsersById(settings.PROFILE_WAIT_MS);
    return {
      resolvers: [new UserResolver(existingUsers)],
      references: { User: (reference, ctx) => ctx.loader(existingUsers).load(parseId(reference.id)) },
      consumers: [idempotentConsumer(orm, 'users', 'user.registered', { 'user.registered': onUserRegistered(adminEmails) })],
    };
  },
});
