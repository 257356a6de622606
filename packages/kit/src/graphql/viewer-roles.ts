import type { EntityClass } from '@mikro-orm/core';
import type { ProjectRoleName } from '@taskgraph/contracts';
import DataLoader from 'dataloader';
import type { RequestContext } from './context.js';

/**
 * A per-request DataLoader of the viewer's role in each project (null where they are no member),
 * from an entity of memberships whose table has `project_id`, `user_id` and `role` columns: the
 * projects subgraph's memberships and every other subgraph's replica of them. One statement for
 * the projects asked for together; it reads the roles alone, so nothing enters the identity map.
 */
export function viewerRolesIn(memberships: EntityClass<object>) {
  return (ctx: RequestContext) =>
    new DataLoader<string, ProjectRoleName | null>(async (projectIds) => {
      const userId = ctx.viewer?.userId;
      if (!userId) return projectIds.map(() => null);
      const { tableName } = ctx.em.getMetadata().get(memberships.name);
      const rows: { project_id: string; role: ProjectRoleName }[] = await ctx.em
        .getKnex()(tableName)
        .select('project_id', 'role')
        .where('user_id', userId)
        .whereIn('project_id', [...projectIds]);
      const roles = new Map(rows.map((row) => [row.project_id, row.role]));
      return projectIds.map((id) => roles.get(id) ?? null);
    });
}
