import { atLeast, type ProjectRoleName } from '@taskgraph/contracts';

/** The GraphQL enum `ProjectRole`, shared with the gateway's live schema. */
export { projectRoleEnum } from '@taskgraph/kit';

/**
 * Whether `actor` may set a member from role `from` to role `to` (`from` null: adding them,
 * `to` null: removing them). The OWNER manages everyone; an ADMIN only members below ADMIN.
 */
export function canManage(actor: ProjectRoleName, from: ProjectRoleName | null, to: ProjectRoleName | null): boolean {
  if (actor === 'OWNER') return true;
  if (actor !== 'ADMIN') return false;
  return [from, to].every((role) => !atLeast(role, 'ADMIN'));
}
