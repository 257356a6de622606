/**
 * Resuming live subscriptions where they left off. Every result the gateway delivers carries `extensions.cursor`;
 * graphql-ws, when it reconnects, sends each subscription's subscribe message again, and this puts the last cursor
 * that subscription received into its `after` variable on the way out, so the gateway replays what was missed (in
 * order, each event once) and goes on live. The subscription documents declare `$after` for this.
 *
 * Both ends are graphql-ws's own hooks: its `on.message` listener sees every message received, its `replacer` every
 * message sent (as the JSON.stringify replacer of the whole message), so Apollo's GraphQLWsLink is used as it is.
 */
import { type Message, MessageType } from 'graphql-ws';

/** The last cursor received, by subscription id, for the subscriptions still running. */
const cursors = new Map<string, string>();

export function onMessage(message: Message): void {
  if (message.type === MessageType.Next) {
    const cursor = message.payload.extensions?.cursor;
    if (typeof cursor === 'string') cursors.set(message.id, cursor);
  } else if (message.type === MessageType.Error || message.type === MessageType.Complete) {
    // Ended by the server: a new subscription, even with the same id, starts without a cursor.
    cursors.delete(message.id);
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/** graphql-ws's `replacer`: called first for the whole outgoing message (key ""), which it may give back changed. */
export function replacer(key: string, value: unknown): unknown {
  if (key !== '' || !isRecord(value) || typeof value.id !== 'string') return value;
  if (value.type === MessageType.Complete) {
    cursors.delete(value.id);
    return value;
  }
  const cursor = cursors.get(value.id);
  if (value.type !== MessageType.Subscribe || cursor === undefined || !isRecord(value.payload)) return value;
  const variables = isRecord(value.payload.variables) ? value.payload.variables : {};
  return { ...value, payload: { ...value.payload, variables: { ...variables, after: cursor } } };
}
