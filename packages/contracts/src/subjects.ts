import type { EventType } from './catalog.js';
import type { AnyEvent } from './envelope.js';

type AggregateOf<T> = T extends `${infer A}.${string}` ? A : never;

/** What a consumer or listener follows: one event type, or every type of an aggregate (`task.>`). */
export type EventPattern = EventType | `${AggregateOf<EventType>}.>`;

/** The events a pattern matches. */
export type EventOf<P extends EventPattern> = P extends `${infer A}.>`
  ? Extract<AnyEvent, { type: `${A}.${string}` }>
  : Extract<AnyEvent, { type: P }>;

export function matches<P extends EventPattern>(pattern: P, event: AnyEvent): event is EventOf<P> {
  return pattern.endsWith('.>') ? event.type.startsWith(pattern.slice(0, -1)) : event.type === pattern;
}

/** `user.registered` travels on `<prefix>.user.registered`; a pattern gives the subject filter for its types. */
export const eventSubject = (prefix: string, pattern: EventPattern): string => `${prefix}.${pattern}`;

/** Where a consumer parks the events it failed to handle for good, for an operator to inspect or replay. */
export const deadLetterSubject = (prefix: string, consumer: string): string => `${prefix}.deadletter.${consumer}`;
