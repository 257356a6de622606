import { defineSubgraph, idempotentConsumer } from '@taskgraph/kit';
import { Invitation } from './entities/invitation.js';
import { KnownUser } from './entities/known-user.js';
import { Membership } from './entities/membership.js';
import { Project } from './entities/project.js';
import { VerifiedEmail } from './entities/verified-email.js';
import { onEmailVerified, onUserDeleted, onUserRegistered } from './events/handlers/user.js';
import { InvitationResolver } from './graphql/invitation-resolver.js';
import { MemberResolver } from './graphql/member-resolver.js';
import { ProjectInvitationsResolver } from './graphql/project-invitations-resolver.js';
import { ProjectResolver } from './graphql/project-resolver.js';
import { UserProjectsResolver } from './graphql/user-resolver.js';
import { projectsSettings } from './settings.js';

export const projects = defineSubgraph<typeof projectsSettings, { userWaitMs: number; invitationTtlSeconds: number }>({
  name: 'projects',
  settings: projectsSettings,
  entities: [Project, Membership, KnownUser, Invitation, VerifiedEmail],
  migrations: new URL('./migrations/', import.meta.url),
  schema: { resolvers: [ProjectResolver, MemberResolver, UserProjectsResolver, InvitationResolver, ProjectInvitationsResolver] },
  setup({ settings, orm }) {
    return {
      dependencies: { userWaitMs: settings.USER_WAIT_MS, invitationTtlSeconds: settings.INVITATION_TTL_SECONDS },
      consumers: [
        // In stream order, so that a registration retried late cannot make a deleted user known again.
        idempotentConsumer(
          orm,
          'projects',
          'user.>',
          { 'user.registered': onUserRegistered, 'user.deleted': onUserDeleted },
          { ordered: true },
        ),
        // An enforcer: verifyEmail returns once an invitation to the address can be accepted here.
        idempotentConsumer(
          orm,
          'projects-verified-emails',
          'user.email_verified',
          { 'user.email_verified': onEmailVerified },
          { enforces: true },
        ),
      ],
    };
  },
});
