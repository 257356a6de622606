import { type EventCatalog, type EventType, isEventType } from './catalog.js';

/** A carrier of W3C trace context (`traceparent`, `tracestate`) that can be stored or sent. */
export type TraceCarrier = Record<string, string>;

/** An event of one type, as it travels. */
export interface EventEnvelope<T extends EventType = EventType> {
  /** UUIDv7; also the JetStream message id, so a re-published event is dropped by the server. */
  id: string;
  type: T;
  version: number;
  occurredAt: string;
  /** The user whose action caused the event, if any. */
  actorId: string | null;
  data: EventCatalog[T];
  /**
   * The trace of the request or event that caused it. Stored with the event, it lets the relay,
   * publishing later in the background, continue that trace.
   */
  traceContext?: TraceCarrier;
}

/** An event of any type: `switch (event.type)` narrows `event.data` to that type's payload. */
export type AnyEvent = { [T in EventType]: EventEnvelope<T> }[EventType];

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/**
 * Whether a value read off the wire is an event: its envelope is checked, and its type must be
 * one of the catalog, so a consumer never sees an unknown type as if it were typed. The payload
 * is trusted to match its type, as the stream only holds what the services' outboxes wrote.
 */
function isEvent(value: unknown): value is AnyEvent {
  return (
    isRecord(value) && typeof value.id === 'string' && typeof value.type === 'string' && isEventType(value.type) && isRecord(value.data)
  );
}

export function parseEnvelope(bytes: Uint8Array): AnyEvent {
  const value: unknown = JSON.parse(new TextDecoder().decode(bytes));
  if (!isEvent(value)) throw new Error('Not an event envelope of a known type');
  return value;
}
