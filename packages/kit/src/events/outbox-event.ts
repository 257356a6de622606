import { BigIntType, Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';
import type { EventEnvelope } from '@taskgraph/contracts';

/** An event written in the same transaction as the change it describes, waiting to be published. */
@Entity({ tableName: 'outbox_events' })
@Index({
  name: 'outbox_events_unpublished',
  expression: 'create index "outbox_events_unpublished" on "outbox_events" ("id") where "published_at" is null',
})
export class OutboxEvent {
  @PrimaryKey({ type: 'uuid' })
  id: string;

  @Property({ type: 'text' })
  type: string;

  @Property({ type: 'jsonb' })
  envelope: EventEnvelope;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz', nullable: true })
  publishedAt: Date | null = null;

  /** Where it was stored in the stream, once published: what waiting for its enforcers compares with. */
  @Property({ type: new BigIntType('number'), nullable: true })
  streamSeq: number | null = null;

  constructor(envelope: EventEnvelope) {
    this.id = envelope.id;
    this.type = envelope.type;
    this.envelope = envelope;
  }
}
