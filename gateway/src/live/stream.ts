import { type AnyEvent, type EventPattern, eventSubject, parseEnvelope } from '@taskgraph/contracts';
import { type EventBus, type Logger, sleep } from '@taskgraph/kit';
import type { ConsumerMessages, JsMsg, NatsConnection } from 'nats';
import { eventScope } from './feeds.js';

/** One message of the stream: its sequence, and its event (null when it is none a subscriber may see: unreadable, or a dead letter). */
export interface Sequenced {
  seq: number;
  event: AnyEvent | null;
}

type Listener = (item: Sequenced & { event: AnyEvent }) => void;

export interface LiveStreamOptions {
  stream: string;
  subjectPrefix: string;
  logger: Logger;
}

/** How long one pull waits; the consumer's heartbeats come at half of it, so a lost server is noticed that soon. */
const PULL_EXPIRES_MS = 5000;
const RETRY_MS = 1000;
/** Replay consumers the gateway forgets to delete (a crash mid-replay) are removed by the server after this. */
const REPLAY_INACTIVE_MS = 30_000;

/**
 * The gateway replica's feed of the event stream, read through JetStream: one ordered consumer
 * on every subject of the stream, shared by all of its subscribers. Messages come gap-free and
 * in stream order, each with its stream sequence; after a NATS reconnect the ordered consumer
 * is recreated at the next sequence, so nothing is lost and nothing is seen twice.
 */
export class LiveStream {
  /** Listeners per subject pattern (`task.>`, `notification.created`), then per scope (whom the events concern, eventScope). */
  private readonly subjects = new Map<string, Map<string, Set<Listener>>>();
  private last = 0;
  private started = false;
  private readonly ready: Promise<void>;
  private messages: ConsumerMessages | null = null;
  private closed = false;

  constructor(
    private readonly bus: EventBus,
    private readonly options: LiveStreamOptions,
  ) {
    let began: () => void = () => undefined;
    this.ready = new Promise((resolve) => (began = resolve));
    void this.run(began);
  }

  /** The sequence of the last message dispatched to the listeners: a subscriber that joins now hears every later one. */
  get position(): number {
    return this.last;
  }

  /** Subject patterns some subscriber listens to. */
  get openSubjects(): string[] {
    return [...this.subjects.keys()];
  }

  /** How many subscriptions listen on `pattern`, in every scope. */
  listenerCount(pattern: string): number {
    let count = 0;
    for (const listeners of this.subjects.get(pattern)?.values() ?? []) count += listeners.size;
    return count;
  }

  /** Resolves once the feed's consumer reads the stream (and so its position is known), or after `timeoutMs`; says which. */
  async whenReady(timeoutMs: number): Promise<boolean> {
    await Promise.race([this.ready, sleep(timeoutMs)]);
    return this.started;
  }

  /**
   * Calls `listener` with every later event matching `pattern` that concerns `scope`, at once;
   * returns how to stop. An event costs the listeners of its own scope only, however many other
   * subscribers the replica holds.
   */
  listen(pattern: EventPattern, scope: string, listener: Listener): () => void {
    let scopes = this.subjects.get(pattern);
    if (!scopes) {
      scopes = new Map();
      this.subjects.set(pattern, scopes);
    }
    let listeners = scopes.get(scope);
    if (!listeners) {
      listeners = new Set();
      scopes.set(scope, listeners);
    }
    const held = { scopes, listeners };
    listeners.add(listener);
    return () => {
      held.listeners.delete(listener);
      if (held.listeners.size || held.scopes.get(scope) !== held.listeners) return;
      held.scopes.delete(scope);
      if (!held.scopes.size && this.subjects.get(pattern) === held.scopes) this.subjects.delete(pattern);
    };
  }

  /** The first and last sequence the stream holds. */
  async bounds(): Promise<{ first: number; last: number }> {
    const nc = await this.bus.nats();
    const { state } = await (await nc.jetstreamManager()).streams.info(this.options.stream);
    return { first: state.first_seq, last: state.last_seq };
  }

  /**
   * Every message after `after` to the end of the stream, in order, through an ordered consumer
   * of its own (a subscriber that resumes). The caller stops it once it has caught up with the
   * live feed.
   */
  async *replay(after: number): AsyncGenerator<Sequenced, void, undefined> {
    const nc = await this.bus.nats();
    const consumer = await nc.jetstream().consumers.get(this.options.stream, {
      filterSubjects: `${this.options.subjectPrefix}.>`,
      opt_start_seq: after + 1,
      inactive_threshold: REPLAY_INACTIVE_MS,
    });
    const messages = await consumer.consume({ max_messages: 256, expires: PULL_EXPIRES_MS });
    try {
      for await (const message of messages) {
        yield this.read(message);
        if (message.info.pending === 0) return;
      }
    } finally {
      messages.stop();
      await consumer.delete().catch(() => undefined);
    }
  }

  close(): void {
    this.closed = true;
    this.messages?.stop();
  }

  private async run(began: () => void): Promise<void> {
    while (!this.closed) {
      try {
        const nc = await this.bus.nats();
        // Subscribers hear what is published from now on; the stream's history is for those who resume.
        if (!this.started) this.last = (await this.bounds()).last;
        await this.follow(nc, began);
      } catch (error) {
        if (this.closed) return;
        this.options.logger.warn({ err: error }, 'live event feed interrupted, resuming');
        await sleep(RETRY_MS);
      }
    }
  }

  private async follow(nc: NatsConnection, began: () => void): Promise<void> {
    const consumer = await nc.jetstream().consumers.get(this.options.stream, {
      filterSubjects: `${this.options.subjectPrefix}.>`,
      opt_start_seq: this.last + 1,
    });
    const messages = await consumer.consume({ max_messages: 256, expires: PULL_EXPIRES_MS });
    this.messages = messages;
    if (this.closed) messages.stop();
    this.started = true;
    began();
    for await (const message of messages) this.dispatch(this.read(message));
  }

  private dispatch(item: Sequenced): void {
    // An ordered consumer recreated from an older sequence would repeat messages: each goes out once.
    if (item.seq <= this.last) return;
    this.last = item.seq;
    const { event } = item;
    if (!event) return;
    const scope = eventScope(event);
    if (scope === null) return;
    const aggregate = `${event.type.slice(0, event.type.indexOf('.'))}.>`;
    for (const pattern of [event.type, aggregate])
      for (const listener of this.subjects.get(pattern)?.get(scope) ?? []) {
        // One subscriber's failure is its own: the others, and the feed, go on.
        try {
          listener({ seq: item.seq, event });
        } catch (error) {
          this.options.logger.error({ err: error, seq: item.seq, type: event.type }, 'a live subscriber failed on an event');
        }
      }
  }

  private read(message: JsMsg): Sequenced {
    let event: AnyEvent;
    try {
      event = parseEnvelope(message.data);
    } catch (error) {
      this.options.logger.warn({ err: error, subject: message.subject, seq: message.seq }, 'unreadable live event');
      return { seq: message.seq, event: null };
    }
    // A dead letter carries the original event on another subject: it happened once, on its own subject.
    return { seq: message.seq, event: message.subject === eventSubject(this.options.subjectPrefix, event.type) ? event : null };
  }
}
