/** The roles a member can have in a project, highest first: the one place their order is written. */
export const projectRoles = ['OWNER', 'ADMIN', 'MEMBER', 'VIEWER'] as const;

export type ProjectRoleName = (typeof projectRoles)[number];

/** Whether `role` is `minimum` or higher; no role (not a member) is below every role. */
export const atLeast = (role: ProjectRoleName | null, minimum: ProjectRoleName): boolean =>
  role !== null && projectRoles.indexOf(role) <= projectRoles.indexOf(minimum);
