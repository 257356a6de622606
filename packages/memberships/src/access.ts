import type { EntityManager } from '@mikro-orm/postgresql';
import { atLeast, type ProjectRoleName } from '@taskgraph/contracts';
import { forbidden, notFound, type RequestContext, viewerRolesIn } from '@taskgraph/kit';
import { MemberReplica } from './member-replica.js';
import { ProjectReplica } from './project-replica.js';

/** The viewer's role in each project (from the replica), batched per request. */
export const viewerRoles = viewerRolesIn(MemberReplica);

/** Those of `userIds` who are members of the project now: whom its events may concern. */
export async function membersAmong(em: EntityManager, projectId: string, userIds: readonly string[]): Promise<Set<string>> {
  if (!userIds.length) return new Set();
  const rows = await em.find(MemberReplica, { projectId, userId: { $in: [...userIds] } }, { fields: ['userId'] });
  return new Set(rows.map((row) => row.userId));
}

/**
 * Authorization in a subgraph that does not own projects, against its replica of project
 * memberships. The replica is current for whoever asks after a change of rights returned: the
 * projects subgraph's mutations wait until every replica has applied their events (its consumer
 * is an enforcer), so neither a grant nor a revocation needs waiting for here.
 */
export class ProjectAccess {
  /**
   * Passes when the viewer has `minimum` role in the project: else NOT_FOUND (as `what`) for a
   * non-member, FORBIDDEN for a role too low, or for a change to an archived project.
   */
  async require(ctx: RequestContext, projectId: string, minimum: ProjectRoleName, what: string, { change = false } = {}): Promise<void> {
    ctx.requireViewer();
    const role = await ctx.loader(viewerRoles).load(projectId);
    if (!role) throw notFound(what);
    if (!atLeast(role, minimum)) throw forbidden(`This needs the ${minimum} role or higher in the project`);
    if (change) {
      const project = await ctx.em.findOne(ProjectReplica, { id: projectId });
      if (project?.archivedAt) throw forbidden('The project is archived and read-only');
    }
  }

  /** Whether a user has at least `minimum` role in the project. */
  async hasRole(ctx: RequestContext, projectId: string, userId: string, minimum: ProjectRoleName): Promise<boolean> {
    const found = await ctx.em.findOne(MemberReplica, { projectId, userId }, { disableIdentityMap: true });
    return atLeast(found?.role ?? null, minimum);
  }
}
