import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/** Marks an event as handled by one consumer, written in the same transaction as the handler's changes. */
@Entity({ tableName: 'processed_events' })
export class ProcessedEvent {
  @PrimaryKey({ type: 'text' })
  consumer!: string;

  @PrimaryKey({ type: 'uuid' })
  eventId!: string;

  @Property({ type: 'timestamptz' })
  processedAt: Date = new Date();
}
