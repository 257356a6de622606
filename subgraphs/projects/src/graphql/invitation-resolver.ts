import { LockMode } from '@mikro-orm/core';
import type { ProjectRoleName } from '@taskgraph/contracts';
import {
  AppError,
  badUserInput,
  conflict,
  emailAddress,
  forbidden,
  hashSecretToken,
  invalidToken,
  newSecretToken,
  notFound,
  parseArgument,
  parseId,
  parseInput,
  type RequestContext,
  tokenArgument,
} from '@taskgraph/kit';
import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import { z } from 'zod';
import { requireProject } from '../access.js';
import { Invitation } from '../entities/invitation.js';
import { Membership } from '../entities/membership.js';
import { Project } from '../entities/project.js';
import { VerifiedEmail } from '../entities/verified-email.js';
import { recordInvited, recordMemberAdded } from '../events/publish.js';
import { membersByProject, viewerRoles } from '../loaders.js';
import { canManage, projectRoleEnum } from '../roles.js';
import { UserReference } from './stubs.js';

const inviteInput = z.object({ projectId: z.string(), email: emailAddress });

@Resolver(() => Invitation)
export class InvitationResolver {
  constructor(private readonly deps: { invitationTtlSeconds: number }) {}

  @FieldResolver(() => UserReference)
  invitedBy(@Root() invitation: Invitation): UserReference {
    return { id: invitation.invitedBy };
  }

  @Mutation(() => Invitation, {
    description:
      'ADMIN or higher (an ADMIN invites below ADMIN). Emails a link (valid 7 days) to the address, whether or not it belongs to a user: the answer never reveals which. Inviting an address again replaces its earlier link.',
  })
  async inviteToProject(
    @Arg('projectId', () => ID) projectId: string,
    @Arg('email', () => String) email: string,
    @Arg('role', () => projectRoleEnum, { nullable: true, defaultValue: 'MEMBER' }) role: ProjectRoleName,
    @Ctx() ctx: RequestContext,
  ): Promise<Invitation> {
    const viewer = ctx.requireViewer();
    const input = parseInput(inviteInput, { projectId, email });
    if (role === 'OWNER')
      throw badUserInput({ role: 'OWNER cannot be given by invitation; the OWNER hands a project over with changeProjectMemberRole' });
    const { project, role: actor } = await requireProject(ctx, input.projectId, 'ADMIN', { change: true, field: 'projectId' });
    if (!canManage(actor, null, role)) throw forbidden('An ADMIN can only invite below ADMIN');
    const { token, hash } = newSecretToken();
    const expiresAt = new Date(Date.now() + this.deps.invitationTtlSeconds * 1000);
    return ctx.transaction(async (em) => {
      await em.nativeUpdate(Invitation, { project, email: input.email, acceptedAt: null, revokedAt: null }, { revokedAt: new Date() });
      const invitation = new Invitation(project, input.email, role, viewer.userId, hash, expiresAt);
      em.persist(invitation);
      recordInvited(em, invitation, token, viewer.userId);
      return invitation;
    });
  }

  @Mutation(() => Project, {
    description:
      'The viewer becomes a member with the invited role. The viewer’s verified email must be the invited one (else FORBIDDEN; unverified: reason EMAIL_NOT_VERIFIED); used, revoked or expired: BAD_USER_INPUT (fields.token).',
  })
  async acceptInvitation(@Arg('token', () => String) token: string, @Ctx() ctx: RequestContext): Promise<Project> {
    const viewer = ctx.requireViewer();
    const presented = parseArgument('token', tokenArgument, token);
    const verified = await ctx.em.findOne(VerifiedEmail, { userId: viewer.userId });
    const { project, added } = await ctx.transaction(async (em) => {
      const invitation = await em.findOne(
        Invitation,
        { tokenHash: hashSecretToken(presented) },
        { lockMode: LockMode.PESSIMISTIC_WRITE, populate: ['project'] },
      );
      if (!invitation?.pending) throw badUserInput(invalidToken);
      if (!verified) {
        throw new AppError('FORBIDDEN', 'Verify your email address before accepting an invitation', { reason: 'EMAIL_NOT_VERIFIED' });
      }
      if (verified.email !== invitation.email) throw forbidden('This invitation is for another email address');
      if (invitation.project.archivedAt) throw forbidden('The project is archived and read-only');
      if (await em.count(Membership, { project: invitation.project, userId: viewer.userId })) {
        throw conflict('You are already a member of this project');
      }
      Object.assign(invitation, { acceptedAt: new Date(), acceptedBy: viewer.userId });
      const membership = new Membership(invitation.project, viewer.userId, invitation.role);
      em.persist(membership);
      return { project: invitation.project, added: recordMemberAdded(em, membership, viewer.userId) };
    });
    await ctx.inForce([added]);
    ctx.loader(membersByProject).clear(project.id);
    ctx.loader(viewerRoles).clear(project.id);
    return project;
  }

  @Mutation(() => ID, { description: 'ADMIN or higher (an ADMIN revokes invitations below ADMIN). Its link stops working.' })
  async revokeInvitation(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<string> {
    ctx.requireViewer();
    const invitation = await ctx.em.findOne(Invitation, { id: parseId(id), acceptedAt: null, revokedAt: null });
    if (!invitation) throw notFound('Invitation');
    const { role: actor } = await requireProject(ctx, invitation.project.id, 'ADMIN', { change: true });
    if (!canManage(actor, invitation.role, null)) throw forbidden('An ADMIN can only revoke invitations below ADMIN');
    await ctx.transaction(async (em) => {
      invitation.revokedAt = new Date();
      em.persist(invitation);
    });
    return invitation.id;
  }
}
