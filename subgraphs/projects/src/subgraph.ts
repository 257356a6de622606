import { defineSubgraph, idempotentConsumer, parseId } from '@taskgraph/kit';
import { KnownUser } from './entities/known-user.js';
import { Membership } from './entities/membership.js';
import { Project } from './entities/project.js';
import { onUserRegistered } from './events/user-registered.js';
import { MemberResolver } from './graphql/member-resolver.js';
import { ProjectResolver } from './graphql/project-resolver.js';
import { UserProjectsResolver } from './graphql/user-resolver.js';
import { projectsById, viewerRoles } from './loaders.js';
import { projectsSettings } from './settings.js';

export const projects = defineSubgraph({
  name: 'projects',
  settings: projectsSettings,
  entities: [Project, Membership, KnownUser],
  migrations: new URL('./migrations/', import.meta.url),
  schema: { resolvers: [ProjectResolver, MemberResolver, UserProjectsResolver] },
  setup({ settings, orm }) {
    return {
      resolvers: [new ProjectResolver(), new MemberResolver(settings.USER_WAIT_MS), new UserProjectsResolver()],
      references: {
        // Another subgraph's reference shows a project only to its members, as `project(id)` does.
        Project: async (reference, ctx) => {
          const [project, role] = await Promise.all([ctx.loader(projectsById).load(parseId(reference.id)), ctx.loader(viewerRoles).load(parseId(reference.id))]);
          return role ? project : null;
        },
        User: (reference) => ({ id: reference.id }),
      },
      consumers: [idempotentConsumer(orm, 'projects', 'user.registered', { 'user.registered': onUserRegistered })],
    };
  },
});
