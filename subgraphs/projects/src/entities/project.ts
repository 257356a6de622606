import { Collection, Entity, Index, OneToMany, PrimaryKey, Property } from '@mikro-orm/core';
import { newId } from '@taskgraph/kit';
import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { Membership } from './membership.js';

@ObjectType()
@Directive('@key(fields: "id")')
@Entity({ tableName: 'projects' })
export class Project {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = newId();

  @Field(() => String)
  @Property({ type: 'text' })
  name: string;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  description: string | null;

  /** Served as `owner: User!`. */
  @Property({ type: 'uuid' })
  @Index()
  ownerId: string;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'timestamptz', nullable: true })
  archivedAt: Date | null = null;

  @Field(() => Date)
  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  @Field(() => Date)
  @Property({ type: 'timestamptz', onUpdate: () => new Date() })
  updatedAt: Date = new Date();

  /** For queries through memberships (a user's projects); served as `members` by its own resolver. */
  @OneToMany(
    () => Membership,
    (membership) => membership.project,
  )
  memberships = new Collection<Membership>(this);

  constructor(name: string, description: string | null, ownerId: string) {
    this.name = name;
    this.description = description;
    this.ownerId = ownerId;
  }
}
