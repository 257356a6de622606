import { projectRoles } from '@taskgraph/contracts';
import { registerEnumType } from 'type-graphql';

/** The GraphQL enum `ProjectRole`: the contract's roles, in their order, each named as itself. */
export const projectRoleEnum = Object.fromEntries(projectRoles.map((role) => [role, role]));

// Registered once per process here, since both the projects subgraph and the gateway's live
// schema serve it, and may share a process (in tests).
registerEnumType(projectRoleEnum, {
  name: 'ProjectRole',
  description: `${projectRoles.join(' > ')}. VIEWER reads; MEMBER also changes tasks; ADMIN also edits the project and manages members below ADMIN; OWNER manages everyone.`,
});
