import type { EventType } from './catalog.js';
import type { EventEnvelope } from './envelope.js';

/** One handler per event type of interest, each given the event of its type and a context (a transaction, say). */
export type EventHandlerMap<C, R> = { [T in EventType]?: (context: C, event: EventEnvelope<T>) => R };

/** The handler of an event's type, bound to the event, or undefined when the map has none. */
export function handlerFor<C, R, T extends EventType>(
  handlers: EventHandlerMap<C, R>,
  event: EventEnvelope<T>,
): ((context: C) => R) | undefined {
  const handler = handlers[event.type];
  return handler && ((context) => handler(context, event));
}
