import { settingTypes } from '../settings.js';
import { MemberReplica } from './member-replica.js';
import { ProjectReplica } from './project-replica.js';

export * from './access.js';
export * from './member-replica.js';
export * from './project-events.js';
export * from './project-replica.js';

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
