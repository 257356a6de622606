import { registerEnumType } from 'type-graphql';

/** Roles in a project, highest first. */
export enum ProjectRole {
  OWNER = 'OWNER',
  ADMIN = 'ADMIN',
  MEMBER = 'MEMBER',
  VIEWER = 'VIEWER',
}
registerEnumType(ProjectRole, {
  name: 'ProjectRole',
  description: 'OWNER > ADMIN > MEMBER > VIEWER. VIEWER reads; MEMBER also changes tasks; ADMIN also edits the project and manages members below ADMIN; OWNER manages everyone.',
});

const rank: Record<ProjectRole, number> = { OWNER: 4, ADMIN: 3, MEMBER: 2, VIEWER: 1 };

export const atLeast = (role: ProjectRole, minimum: ProjectRole): boolean => rank[role] >= rank[minimum];

/**
 * Whether `actor` may set a member from role `from` to role `to` (`from` null: adding them,
 * `to` null: removing them). The OWNER manages everyone; an ADMIN only members below ADMIN.
 */
export function canManage(actor: ProjectRole, from: ProjectRole | null, to: ProjectRole | null): boolean {
  if (actor === ProjectRole.OWNER) return true;
  if (actor !== ProjectRole.ADMIN) return false;
  return [from, to].every((role) => role === null || rank[role] < rank[ProjectRole.ADMIN]);
}
