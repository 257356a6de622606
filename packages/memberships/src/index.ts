import { settingTypes } from '@taskgraph/kit';
import { MemberReplica } from './member-replica.js';
import { ProjectReplica } from './project-replica.js';

export { ProjectAccess, viewerRoles } from './access.js';
export { projectEventHandlers } from './project-events.js';
export { ProjectReplica };

/** The entities of the replica, for a subgraph that keeps one. */
export const projectReplicaEntities = [ProjectReplica, MemberReplica];

/** Settings of a subgraph that authorizes against the replica. */
export const replicaSettings = {
  /**
   * How long a refused access may wait for the replica to catch up, in milliseconds: rights
   * granted in the projects subgraph arrive by event, possibly a moment after the client that
   * granted them comes here.
   */
  ACCESS_WAIT_MS: settingTypes.positiveInt(3000),
};
