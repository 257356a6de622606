import type { EntityManager } from '@mikro-orm/postgresql';
import type { ProjectRoleName } from '@taskgraph/contracts';
import { badUserInput, conflict, forbidden, notFound, parseId, type RecordedEvent, type RequestContext, waitFor } from '@taskgraph/kit';
import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import { requireProject } from '../access.js';
import { KnownUser } from '../entities/known-user.js';
import { Membership } from '../entities/membership.js';
import { Project } from '../entities/project.js';
import { recordMemberAdded, recordMemberRemoved, recordMemberRoleChanged } from '../events/publish.js';
import { membersByProject, viewerRoles } from '../loaders.js';
import { canManage, projectRoleEnum } from '../roles.js';
import { UserReference } from './stubs.js';

@Resolver(() => Membership)
export class MemberResolver {
  constructor(private readonly deps: { userWaitMs: number }) {}

  @FieldResolver(() => UserReference)
  user(@Root() membership: Membership): UserReference {
    return { id: membership.userId };
  }

  @Mutation(() => Project, {
    description:
      'ADMIN or higher; an ADMIN adds members below ADMIN. Existing member: CONFLICT. Unknown user: NOT_FOUND. OWNER cannot be given here.',
  })
  async addProjectMember(
    @Arg('projectId', () => ID) projectId: string,
    @Arg('userId', () => ID) userId: string,
    @Arg('role', () => projectRoleEnum, { nullable: true, defaultValue: 'MEMBER' }) role: ProjectRoleName,
    @Ctx() ctx: RequestContext,
  ): Promise<Project> {
    const viewer = ctx.requireViewer();
    if (role === 'OWNER')
      throw badUserInput({ role: 'OWNER cannot be given here; the OWNER hands a project over with changeProjectMemberRole' });
    const { project, role: actor } = await requireProject(ctx, projectId, 'ADMIN', { change: true, field: 'projectId' });
    if (!canManage(actor, null, role)) throw forbidden('An ADMIN can only add members below ADMIN');
    const id = parseId(userId, 'userId');
    if ((await this.member(ctx, project, id)) !== undefined) throw conflict('The user is already a member of this project');
    // Users are learnt from their registration event, which can trail a client that just registered one.
    const known = await waitFor(() => ctx.em.findOne(KnownUser, { id }).then((user) => user ?? undefined), this.deps.userWaitMs);
    if (!known) throw notFound('User');
    const added = await ctx.transaction(async (em) => {
      const membership = new Membership(project, id, role);
      em.persist(membership);
      return recordMemberAdded(em, membership, viewer.userId);
    });
    await ctx.inForce([added]);
    return this.changed(ctx, project);
  }

  @Mutation(() => Project, {
    description:
      'The OWNER sets any role, and hands the project over by giving OWNER (becoming ADMIN); an ADMIN manages members below ADMIN.',
  })
  async changeProjectMemberRole(
    @Arg('projectId', () => ID) projectId: string,
    @Arg('userId', () => ID) userId: string,
    @Arg('role', () => projectRoleEnum) role: ProjectRoleName,
    @Ctx() ctx: RequestContext,
  ): Promise<Project> {
    const viewer = ctx.requireViewer();
    const { project, role: actor } = await requireProject(ctx, projectId, 'ADMIN', { change: true, field: 'projectId' });
    const target = await this.requireMember(ctx, project, parseId(userId, 'userId'));
    if (target.role === role) return project;
    if (target.role === 'OWNER') throw forbidden("The OWNER's role changes only by handing the project over");
    if (role === 'OWNER' && actor !== 'OWNER') throw forbidden('Only the OWNER can hand the project over');
    if (!canManage(actor, target.role, role)) throw forbidden('An ADMIN can only manage members below ADMIN');
    const changes = await ctx.transaction(async (em) => {
      const handedOver: RecordedEvent[] = [];
      if (role === 'OWNER') {
        const previousOwner = await this.requireMember(ctx, project, viewer.userId);
        handedOver.push(this.setRole(em, previousOwner, 'ADMIN', viewer.userId));
        project.ownerId = target.userId;
        em.persist(project);
      }
      return [...handedOver, this.setRole(em, target, role, viewer.userId)];
    });
    await ctx.inForce(changes);
    return this.changed(ctx, project);
  }

  @Mutation(() => Project, { description: 'The OWNER cannot be removed. A member may remove themself (leave).' })
  async removeProjectMember(
    @Arg('projectId', () => ID) projectId: string,
    @Arg('userId', () => ID) userId: string,
    @Ctx() ctx: RequestContext,
  ): Promise<Project> {
    const viewer = ctx.requireViewer();
    const { project, role: actor } = await requireProject(ctx, projectId, 'VIEWER', { change: true, field: 'projectId' });
    const target = await this.requireMember(ctx, project, parseId(userId, 'userId'));
    if (target.role === 'OWNER') throw forbidden('The OWNER cannot be removed; hand the project over first');
    if (target.userId !== viewer.userId && !canManage(actor, target.role, null)) throw forbidden('Not allowed to remove this member');
    const removed = await ctx.transaction(async (em) => {
      em.remove(target);
      return recordMemberRemoved(em, target, viewer.userId);
    });
    await ctx.inForce([removed]);
    return this.changed(ctx, project);
  }

  /** The project after a change of its members: what was loaded of them before is stale. */
  private changed(ctx: RequestContext, project: Project): Project {
    ctx.loader(membersByProject).clear(project.id);
    ctx.loader(viewerRoles).clear(project.id);
    return project;
  }

  private async member(ctx: RequestContext, project: Project, userId: string): Promise<Membership | undefined> {
    return (await ctx.loader(membersByProject).load(project.id)).find((membership) => membership.userId === userId);
  }

  private async requireMember(ctx: RequestContext, project: Project, userId: string): Promise<Membership> {
    const membership = await this.member(ctx, project, userId);
    if (!membership) throw notFound('Member');
    return membership;
  }

  private setRole(em: EntityManager, membership: Membership, role: ProjectRoleName, actorId: string): RecordedEvent {
    const previousRole = membership.role;
    membership.role = role;
    em.persist(membership);
    return recordMemberRoleChanged(em, membership, previousRole, actorId);
  }
}
