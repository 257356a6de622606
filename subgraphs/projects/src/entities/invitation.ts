import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property, type Rel, Unique } from '@mikro-orm/core';
import type { ProjectRoleName } from '@taskgraph/contracts';
import { newId } from '@taskgraph/kit';
import { Field, ID, ObjectType } from 'type-graphql';
import { projectRoleEnum } from '../roles.js';
import { Project } from './project.js';

/**
 * An invitation of an email address to a project, with the role its acceptor gets. Its link's
 * token is single-use and kept only as its SHA-256. Pending until accepted, revoked (also by a
 * newer invitation of the same address) or expired.
 */
@ObjectType('ProjectInvitation')
@Entity({ tableName: 'invitations' })
@Index({ properties: ['project', 'email'] })
export class Invitation {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = newId();

  @ManyToOne(() => Project, { deleteRule: 'cascade' })
  project: Rel<Project>;

  /** Normalised: trimmed and lower-cased. */
  @Field(() => String)
  @Property({ type: 'text' })
  email: string;

  @Field(() => projectRoleEnum)
  @Enum({ items: () => projectRoleEnum, nativeEnumName: 'project_role' })
  role: ProjectRoleName;

  /** Served as `invitedBy: User!`. */
  @Property({ type: 'uuid' })
  invitedBy: string;

  @Property({ type: 'text' })
  @Unique()
  tokenHash: string;

  @Field(() => Date)
  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  @Field(() => Date)
  @Property({ type: 'timestamptz' })
  expiresAt: Date;

  @Property({ type: 'timestamptz', nullable: true })
  acceptedAt: Date | null = null;

  @Property({ type: 'uuid', nullable: true })
  acceptedBy: string | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null = null;

  constructor(project: Project, email: string, role: ProjectRoleName, invitedBy: string, tokenHash: string, expiresAt: Date) {
    this.project = project;
    this.email = email;
    this.role = role;
    this.invitedBy = invitedBy;
    this.tokenHash = tokenHash;
    this.expiresAt = expiresAt;
  }

  /** Whether its link can still be used (or it revoked). */
  get pending(): boolean {
    return !this.acceptedAt && !this.revokedAt && this.expiresAt > new Date();
  }
}
