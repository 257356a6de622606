import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property, type Rel } from '@mikro-orm/core';
import type { ProjectRoleName } from '@taskgraph/contracts';
import { Field, ObjectType } from 'type-graphql';
import { projectRoleEnum } from '../roles.js';
import { Project } from './project.js';

/** A user's role in a project; served as `ProjectMember`. */
@ObjectType('ProjectMember')
@Entity({ tableName: 'memberships' })
@Index({ properties: ['userId', 'project'] })
export class Membership {
  @ManyToOne(() => Project, { primary: true, deleteRule: 'cascade' })
  project: Rel<Project>;

  /** Served as `user: User!`. */
  @PrimaryKey({ type: 'uuid' })
  userId: string;

  @Field(() => projectRoleEnum)
  @Enum({ items: () => projectRoleEnum, nativeEnumName: 'project_role' })
  role: ProjectRoleName;

  @Field(() => Date)
  @Property({ type: 'timestamptz' })
  addedAt: Date = new Date();

  constructor(project: Rel<Project>, userId: string, role: ProjectRoleName) {
    this.project = project;
    this.userId = userId;
    this.role = role;
  }
}
