import type { EventCatalog, EventEnvelope, EventType } from '@taskgraph/contracts';
import { newId } from '../ids.js';
import { currentTraceCarrier } from '../tracing.js';

export function createEvent<T extends EventType>(type: T, data: EventCatalog[T], actorId: string | null): EventEnvelope<T> {
  const traceContext = currentTraceCarrier();
  return {
    id: newId(),
    type,
    version: 1,
    occurredAt: new Date().toISOString(),
    actorId,
    data,
    ...(traceContext.traceparent ? { traceContext } : {}),
  };
}
