/**
 * The domain events the subgraphs exchange: one entry per event type, with its payload.
 * This is the contract between publishers and consumers; a change here is a change of that contract.
 */
export interface EventCatalog {
  'user.registered': { userId: string; email: string; displayName: string };
  'user.profile_updated': { userId: string; displayName: string; avatarUrl: string | null };
}

export type EventType = keyof EventCatalog;

export interface EventEnvelope<T extends EventType = EventType> {
  /** UUIDv7; also the JetStream message id, so a re-published event is dropped by the server. */
  id: string;
  type: T;
  version: number;
  occurredAt: string;
  /** The user whose action caused the event, if any. */
  actorId: string | null;
  data: EventCatalog[T];
}
