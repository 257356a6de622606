import { Entity, Enum, Index, PrimaryKey, Property } from '@mikro-orm/core';
import { TaskEventKind } from '@taskgraph/kit';
import { Field, ID, ObjectType } from 'type-graphql';

/** One task event in a project's activity feed; its id is the event's. */
@ObjectType()
@Entity({ tableName: 'activity_items' })
@Index({ properties: ['projectId', 'id'] })
export class ActivityItem {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string;

  @Property({ type: 'uuid' })
  projectId: string;

  @Field(() => TaskEventKind)
  @Enum({ items: () => TaskEventKind, nativeEnumName: 'task_event_kind' })
  kind: TaskEventKind;

  @Field(() => ID)
  @Property({ type: 'uuid' })
  taskId: string;

  /** Served as `actor: User`. */
  @Property({ type: 'uuid', nullable: true })
  actorId: string | null;

  @Field(() => Date)
  @Property({ type: 'timestamptz' })
  occurredAt: Date;

  constructor(id: string, projectId: string, kind: TaskEventKind, taskId: string, actorId: string | null, occurredAt: Date) {
    this.id = id;
    this.projectId = projectId;
    this.kind = kind;
    this.taskId = taskId;
    this.actorId = actorId;
    this.occurredAt = occurredAt;
  }
}
