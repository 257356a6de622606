import { newId } from '../ids.js';
import { currentTraceCarrier } from '../tracing.js';
import type { EventCatalog, EventEnvelope, EventType } from './catalog.js';

export function createEvent<T extends EventType>(type: T, data: EventCatalog[T], actorId: string | null): EventEnvelope<T> {
  const traceContext = currentTraceCarrier();
  return { id: newId(), type, version: 1, occurredAt: new Date().toISOString(), actorId, data, ...(traceContext.traceparent ? { traceContext } : {}) };
}

/** `user.registered` travels on `<prefix>.user.registered`. */
export const eventSubject = (prefix: string, type: string): string => `${prefix}.${type}`;

export function parseEnvelope(bytes: Uint8Array): EventEnvelope {
  const value: unknown = JSON.parse(new TextDecoder().decode(bytes));
  if (
    typeof value !== 'object' || value === null ||
    typeof (value as EventEnvelope).id !== 'string' ||
    typeof (value as EventEnvelope).type !== 'string' ||
    typeof (value as EventEnvelope).data !== 'object'
  ) {
    throw new Error('Not an event envelope');
  }
  return value as EventEnvelope;
}
