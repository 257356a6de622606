import { Entity, Enum, Index, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { newId } from '@taskgraph/kit';
import { Directive, Field, ID, ObjectType, registerEnumType } from 'type-graphql';

export enum TaskStatus {
  TODO = 'TODO',
  IN_PROGRESS = 'IN_PROGRESS',
  IN_REVIEW = 'IN_REVIEW',
  DONE = 'DONE',
  CANCELLED = 'CANCELLED',
}
registerEnumType(TaskStatus, { name: 'TaskStatus' });

/** Declared lowest first: Postgres orders enum values as declared, which is what sorting by priority wants. */
export enum TaskPriority {
  LOW = 'LOW',
  MEDIUM = 'MEDIUM',
  HIGH = 'HIGH',
  URGENT = 'URGENT',
}
registerEnumType(TaskPriority, { name: 'TaskPriority' });

@ObjectType()
@Directive('@key(fields: "id")')
@Entity({ tableName: 'tasks' })
@Index({ properties: ['projectId', 'createdAt', 'id'] })
@Index({ properties: ['assigneeId', 'createdAt', 'id'] })
// The last line of defence against two cards of a column given one rank; moves are serialized per column before it.
@Unique({ properties: ['projectId', 'status', 'position'] })
@Index({
  name: 'tasks_due_soon_pending',
  expression:
    'create index "tasks_due_soon_pending" on "tasks" ("due_at") where "due_soon_notified_at" is null and "assignee_id" is not null',
})
export class Task {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = newId();

  /** Served as `project: Project!`. */
  @Property({ type: 'uuid' })
  projectId: string;

  @Field(() => String)
  @Property({ type: 'text' })
  title: string;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  description: string | null = null;

  @Field(() => TaskStatus)
  @Enum({ items: () => TaskStatus, nativeEnumName: 'task_status' })
  status: TaskStatus = TaskStatus.TODO;

  /**
   * Its rank in its status column on the board: a fractional index, compared byte by byte
   * (collation "C"), as the `fractional-indexing` keys are meant to be. Served so that a board
   * client can place a card that arrives live (a MOVED event) among the cards it holds.
   */
  @Field(() => String, {
    description:
      'Its place in its status column (POSITION order): cards of a column sort by this key, compared as plain strings (code unit by code unit), ascending.',
  })
  @Property({ type: 'text', columnType: 'text collate "C"' })
  position: string;

  @Field(() => TaskPriority)
  @Enum({ items: () => TaskPriority, nativeEnumName: 'task_priority' })
  priority: TaskPriority = TaskPriority.MEDIUM;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'timestamptz', nullable: true })
  dueAt: Date | null = null;

  /** Served as `assignee: User`. */
  @Property({ type: 'uuid', nullable: true })
  assigneeId: string | null = null;

  /** Served as `reporter: User!`: who created the task. */
  @Property({ type: 'uuid' })
  reporterId: string;

  @Field(() => Date)
  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  @Field(() => Date)
  @Property({ type: 'timestamptz' })
  updatedAt: Date = new Date();

  @Field(() => Date, { nullable: true, description: 'Set when status becomes DONE, cleared when it leaves DONE.' })
  @Property({ type: 'timestamptz', nullable: true })
  completedAt: Date | null = null;

  /** When the TASK_DUE_SOON reminder for the current dueAt went out; a new dueAt re-arms it. */
  @Property({ type: 'timestamptz', nullable: true })
  dueSoonNotifiedAt: Date | null = null;

  constructor(projectId: string, title: string, reporterId: string, status: TaskStatus, position: string) {
    this.projectId = projectId;
    this.title = title;
    this.reporterId = reporterId;
    this.status = status;
    this.position = position;
  }
}
