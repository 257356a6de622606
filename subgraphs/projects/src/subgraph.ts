import { defineSubgraph, idempotentConsumer } from '@taskgraph/kit';
import { KnownUser } from './entities/known-user.js';
import { Membership } from './entities/membership.js';
import { Project } from './entities/project.js';
import { onUserDeleted, onUserRegistered } from './events/handlers/user.js';
import { MemberResolver } from './graphql/member-resolver.js';
import { ProjectResolver } from './graphql/project-resolver.js';
import { UserProjectsResolver } from './graphql/user-resolver.js';
import { projectsSettings } from './settings.js';

export const projects = defineSubgraph({
  name: 'projects',
  settings: projectsSettings,
  entities: [Project, Membership, KnownUser],
  migrations: new URL('./migrations/', import.meta.url),
  schema: { resolvers: [ProjectResolver, MemberResolver, UserProjectsResolver] },
  setup({ settings, orm }) {
    return {
      dependencies: { userWaitMs: settings.USER_WAIT_MS },
      consumers: [
        // In stream order, so that a registration retried late cannot make a deleted user known again.
        idempotentConsumer(
          orm,
          'projects',
          'user.>',
          { 'user.registered': onUserRegistered, 'user.deleted': onUserDeleted },
          { ordered: true },
        ),
      ],
    };
  },
});
