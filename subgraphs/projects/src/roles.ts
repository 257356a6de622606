import { atLeast, type ProjectRoleName, projectRoles } from '@taskgraph/contracts';
import { registerEnumType } from 'type-graphql';

/** The GraphQL enum `ProjectRole`: the contract's roles, in their order, each named as itself. */
export const projectRoleEnum = Object.fromEntries(projectRoles.map((role) => [role, role]));
registerEnumType(projectRoleEnum, {
  name: 'ProjectRole',
  description: `${projectRoles.join(' > ')}. VIEWER reads; MEMBER also changes tasks; ADMIN also edits the project and manages members below ADMIN; OWNER manages everyone.`,
});

/**
 * Whether `actor` may set a member from role `from` to role `to` (`from` null: adding them,
 * `to` null: removing them). The OWNER manages everyone; an ADMIN only members below ADMIN.
 */
export function canManage(actor: ProjectRoleName, from: ProjectRoleName | null, to: ProjectRoleName | null): boolean {
  if (actor === 'OWNER') return true;
  if (actor !== 'ADMIN') return false;
  return [from, to].every((role) => !atLeast(role, 'ADMIN'));
}
