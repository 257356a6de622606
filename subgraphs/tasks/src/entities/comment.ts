import { Entity, Index, ManyToOne, PrimaryKey, Property, type Rel } from '@mikro-orm/core';
import { newId } from '@taskgraph/kit';
import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { Task } from './task.js';

@ObjectType()
@Directive('@key(fields: "id")')
@Entity({ tableName: 'comments' })
@Index({ properties: ['task', 'createdAt', 'id'] })
export class Comment {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = newId();

  /** Served as `task: Task!`. */
  @ManyToOne(() => Task, { deleteRule: 'cascade' })
  task: Rel<Task>;

  /** Served as `author: User!`. */
  @Property({ type: 'uuid' })
  authorId: string;

  @Field(() => String)
  @Property({ type: 'text' })
  body: string;

  @Field(() => Date)
  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  @Field(() => Date)
  @Property({ type: 'timestamptz' })
  updatedAt: Date = this.createdAt;

  @Field(() => Date, { nullable: true, description: 'Set once the body has been edited.' })
  @Property({ type: 'timestamptz', nullable: true })
  editedAt: Date | null = null;

  constructor(task: Rel<Task>, authorId: string, body: string) {
    this.task = task;
    this.authorId = authorId;
    this.body = body;
  }
}
