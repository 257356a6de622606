import { MemberReplica } from './member-replica.js';
import { ProjectReplica } from './project-replica.js';

export { membersAmong, ProjectAccess, viewerRoles } from './access.js';
export { projectEventHandlers } from './project-events.js';
export { ProjectReplica };

/** The entities of the replica, for a subgraph that keeps one. */
export const projectReplicaEntities = [ProjectReplica, MemberReplica];
