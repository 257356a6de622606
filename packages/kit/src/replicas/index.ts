import { MemberReplica } from './member-replica.js';
import { ProjectReplica } from './project-replica.js';

export * from './access.js';
export * from './member-replica.js';
export * from './project-events.js';
export * from './project-replica.js';

/** The entities of the replica, for a subgraph that keeps one. */
export const projectReplicaEntities = [ProjectReplica, MemberReplica];
