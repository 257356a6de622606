import { Entity, Enum, Index, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { newId } from '@taskgraph/kit';
import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { NotificationKind } from '../kinds.js';

@ObjectType()
@Directive('@key(fields: "id")')
@Entity({ tableName: 'notifications' })
@Index({ properties: ['recipientId', 'id'] })
@Index({
  name: 'notifications_unread',
  expression: 'create index "notifications_unread" on "notifications" ("recipient_id") where "read_at" is null',
})
@Unique({ properties: ['sourceEventId', 'recipientId'] })
export class Notification {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = newId();

  @Property({ type: 'uuid' })
  recipientId: string;

  @Field(() => NotificationKind)
  @Enum({ items: () => NotificationKind, nativeEnumName: 'notification_kind' })
  kind: NotificationKind;

  @Field(() => String, { description: 'A human-readable sentence, e.g. "Ada assigned you “Fix login”".' })
  @Property({ type: 'text' })
  message: string;

  /** Served as `task: Task`. */
  @Property({ type: 'uuid', nullable: true })
  taskId: string | null = null;

  /** Served as `project: Project`. */
  @Property({ type: 'uuid', nullable: true })
  projectId: string | null = null;

  /** Served as `actor: User`. */
  @Property({ type: 'uuid', nullable: true })
  actorId: string | null = null;

  /** The event it was made from: one notification per event and recipient. */
  @Property({ type: 'uuid' })
  sourceEventId: string;

  /**
   * False when its recipient takes this kind by email only: kept (the email is made from it and
   * a redelivered event finds it), but out of the in-app list, counts and live delivery.
   */
  @Property({ type: 'boolean', default: true })
  inApp: boolean = true;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'timestamptz', nullable: true })
  readAt: Date | null = null;

  @Field(() => Date)
  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  constructor(recipientId: string, kind: NotificationKind, message: string, sourceEventId: string) {
    this.recipientId = recipientId;
    this.kind = kind;
    this.message = message;
    this.sourceEventId = sourceEventId;
  }
}
