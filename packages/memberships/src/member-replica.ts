import { Entity, Enum, Index, PrimaryKey } from '@mikro-orm/core';
import { type ProjectRoleName, projectRoles } from '@taskgraph/contracts';

/** A project membership, replicated from the projects subgraph's events; what authorization here reads. */
@Entity({ tableName: 'member_replicas' })
@Index({ properties: ['userId', 'projectId'] })
export class MemberReplica {
  @PrimaryKey({ type: 'uuid' })
  projectId: string;

  @PrimaryKey({ type: 'uuid' })
  userId: string;

  @Enum({ items: [...projectRoles], nativeEnumName: 'project_role' })
  role: ProjectRoleName;

  constructor(projectId: string, userId: string, role: ProjectRoleName) {
    this.projectId = projectId;
    this.userId = userId;
    this.role = role;
  }
}
