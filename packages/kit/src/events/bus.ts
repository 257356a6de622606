import { randomBytes } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { context, SpanKind, type Tracer } from '@opentelemetry/api';
import {
  type AnyEvent,
  deadLetterSubject,
  type EventEnvelope,
  type EventPattern,
  eventSubject,
  parseEnvelope,
  type TraceCarrier,
} from '@taskgraph/contracts';
import {
  AckPolicy,
  ConsumerEvents,
  type ConsumerMessages,
  connect,
  DeliverPolicy,
  Events,
  headers,
  type JetStreamManager,
  type JsMsg,
  type NatsConnection,
  nanos,
  RetentionPolicy,
  StorageType,
} from 'nats';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import type { EventSettings } from '../settings.js';
import { contextFrom, currentTraceCarrier, inSpan, serviceTracer } from '../tracing.js';
import { sleep } from '../wait.js';
import { subjectMatches } from './subject-match.js';

export interface EventBusOptions {
  /** The NATS servers (a cluster's members): the connection moves to another when one is lost. */
  servers: string[];
  stream: string;
  subjectPrefix: string;
  replicas: number;
  maxDeliver: number;
  retryBackoffMs: number[];
  /** Connection name shown by the NATS server. */
  name: string;
  logger: Logger;
  metrics?: Metrics;
}

export interface ConsumerDefinition {
  /** The durable consumer's name, unique per subgraph and purpose. */
  durable: string;
  /**
   * The event types it reads, as one subject pattern without the prefix (`user.registered`,
   * `task.>`): a single filter keeps them in stream order, and works on NATS servers before 2.10.
   */
  filter: EventPattern;
  /**
   * Handle one event at a time, in stream order, across all replicas of the service (a retry
   * holds back the events after it): for consumers that keep a copy of another service's data,
   * where an older event must never overtake a newer one.
   */
  ordered?: boolean;
  /**
   * Whether what the handler needs (its database) is reachable. A failure while it is not is
   * the outage's, not the event's: the event is held until it is back, spending none of its
   * deliveries, instead of being parked on the dead-letter subject after a long outage.
   */
  available?(): Promise<boolean>;
  /**
   * It enforces rights (a replica authorization reads): a mutation that changes rights returns
   * once every enforcer its event reaches has handled it (`RightsInForce`).
   */
  enforces?: boolean;
  /**
   * One consumer per running instance, for state each replica keeps in memory: ephemeral (the
   * server deletes it a few seconds after its process stops pulling, so a dead replica is
   * waited for no longer), named `<durable>-<random>`, reading the stream from `replayMs` ago.
   */
  perInstance?: { replayMs: number };
  /** Called once the consumer has read what the stream held when it was created. */
  caughtUp?(): void;
  handle(event: AnyEvent): Promise<void>;
}

/** The enforcers' ack floors at one moment. */
export class EnforcerFloors {
  constructor(private readonly floors: readonly { filter: string; floor: number }[]) {}

  /** Whether every enforcer whose filter takes an event's subject has acknowledged the stream up to it. */
  passed(events: readonly StoredEvent[]): boolean {
    return events.every(({ subject, seq }) => this.floors.every(({ filter, floor }) => floor >= seq || !subjectMatches(filter, subject)));
  }
}

/** A consumer's JetStream description when it enforces rights: what `enforcerFloors` looks for. */
export const ENFORCER_DESCRIPTION = 'enforcer';
/** How soon the server deletes a per-instance consumer nobody pulls from. */
const INSTANCE_INACTIVE_MS = 5000;

/** Where an event was stored in the stream: what a consumer's ack floor is compared with. */
export interface StoredEvent {
  subject: string;
  seq: number;
}

const STREAM_MAX_AGE_MS = 7 * 24 * 3600_000;
const DUPLICATE_WINDOW_MS = 2 * 60_000;
const RECONNECT_WAIT_MS = 1000;
/** How long close() lets a connection drain before closing it as it is. */
const DRAIN_TIMEOUT_MS = 5000;
/** Unreferenced: a drain that finished in time leaves no timer holding the process. */
const drainDeadline = () => delay(DRAIN_TIMEOUT_MS, undefined, { ref: false });

const messageAttributes = (subject: string, event: EventEnvelope) => ({
  'messaging.system': 'nats',
  'messaging.destination.name': subject,
  'messaging.message.id': event.id,
});

/** The trace context a message's headers carry. */
const carrierOf = (message: JsMsg): TraceCarrier =>
  Object.fromEntries((message.headers?.keys() ?? []).map((key) => [key.toLowerCase(), message.headers!.get(key)]));

/**
 * The JetStream side of the event backbone. It connects in the background and keeps
 * reconnecting, so a service starts and serves while NATS is down; publishers and consumers
 * simply wait for the connection.
 */
export class EventBus {
  private connection: NatsConnection | null = null;
  private readonly connected: Promise<NatsConnection>;
  private readonly subscriptions = new Set<ConsumerMessages>();
  private readonly durables = new Set<string>();
  /** Per-instance consumers, deleted when the bus closes. */
  private readonly instances = new Set<string>();
  private manager: JetStreamManager | null = null;
  private readonly handling = new Set<Promise<void>>();
  private closing = false;
  private up = false;
  private readonly tracer: Tracer;

  /** A bus configured by the event settings every service reads. */
  static fromSettings(settings: EventSettings, name: string, logger: Logger, metrics?: Metrics): EventBus {
    return new EventBus({
      servers: settings.NATS_URL,
      stream: settings.EVENTS_STREAM,
      subjectPrefix: settings.EVENTS_SUBJECT_PREFIX,
      replicas: settings.EVENTS_STREAM_REPLICAS,
      maxDeliver: settings.EVENTS_MAX_DELIVER,
      retryBackoffMs: settings.EVENTS_RETRY_BACKOFF_MS,
      name,
      logger,
      ...(metrics ? { metrics } : {}),
    });
  }

  constructor(private readonly options: EventBusOptions) {
    this.tracer = serviceTracer(options.name);
    this.connected = this.connectWithRetry();
    this.connected.catch(() => undefined);
  }

  get isConnected(): boolean {
    return this.up && this.connection !== null && !this.connection.isClosed();
  }

  subject(pattern: EventPattern): string {
    return eventSubject(this.options.subjectPrefix, pattern);
  }

  /**
   * Publishes in the trace the event was recorded in, and sends that trace on in the message
   * headers. Returns the event's stream sequence (a re-publish, dropped as a duplicate, gives
   * the original's).
   */
  async publish(event: EventEnvelope): Promise<number> {
    const nc = await this.connected;
    const subject = this.subject(event.type);
    const parent = event.traceContext ? contextFrom(event.traceContext) : context.active();
    return inSpan(
      this.tracer,
      `publish ${event.type}`,
      { kind: SpanKind.PRODUCER, parent, attributes: messageAttributes(subject, event) },
      async () => {
        const carrier = Object.entries(currentTraceCarrier());
        const meta = carrier.length ? headers() : undefined;
        for (const [key, value] of carrier) meta!.set(key, value);
        const ack = await nc.jetstream().publish(subject, JSON.stringify(event), { msgID: event.id, ...(meta ? { headers: meta } : {}) });
        if (ack.stream !== this.options.stream) throw new Error(`event stored in unexpected stream ${ack.stream}`);
        return ack.seq;
      },
    );
  }

  /** Runs a durable consumer until the bus closes; a failing handler is retried with backoff, then dead-lettered. */
  consume(definition: ConsumerDefinition): void {
    if (definition.perInstance) void this.consumeLoop(definition, `${definition.durable}-${randomBytes(6).toString('hex')}`);
    else {
      this.durables.add(definition.durable);
      void this.consumeLoop(definition, definition.durable);
    }
  }

  /**
   * The ack floor of every enforcing consumer of the stream, this service's or any other's,
   * every replica's; null while NATS is unreachable.
   */
  async enforcerFloors(): Promise<EnforcerFloors | null> {
    if (!this.isConnected || !this.connection) return null;
    this.manager ??= await this.connection.jetstreamManager();
    const floors: { filter: string; floor: number }[] = [];
    for await (const info of this.manager.consumers.list(this.options.stream)) {
      if (info.config.description === ENFORCER_DESCRIPTION)
        floors.push({ filter: info.config.filter_subject ?? '>', floor: info.ack_floor.stream_seq });
    }
    return new EnforcerFloors(floors);
  }

  /** Events each of this service's consumers has yet to handle (not delivered, or not acknowledged). */
  async consumerLag(): Promise<{ consumer: string; pending: number }[]> {
    if (!this.isConnected || !this.connection) return [];
    const jsm = await this.connection.jetstreamManager();
    return Promise.all(
      [...this.durables].map(async (consumer) => {
        const info = await jsm.consumers.info(this.options.stream, consumer).catch(() => null);
        return { consumer, pending: info ? info.num_pending + info.num_ack_pending : 0 };
      }),
    );
  }

  /**
   * Ends every consumer and the connection, whatever state it is in, so that nothing of the bus
   * keeps the process alive. nats.js alone leaves a connection open for ever when its drain cannot
   * reach the server (it swallows the failure, never closes, and goes on reconnecting), and a
   * connection still being made when close is called would be opened after it.
   */
  async close(): Promise<void> {
    this.closing = true;
    for (const messages of this.subscriptions) messages.stop();
    // What the handlers in flight use (their database) is closed after the bus: they finish first.
    await Promise.allSettled(this.handling);
    // The server would delete them soon anyway; until then they would hold up every wait for enforcers.
    if (this.isConnected && this.connection && this.instances.size) {
      const jsm = await this.connection.jetstreamManager();
      await Promise.all([...this.instances].map((name) => jsm.consumers.delete(this.options.stream, name).catch(() => false)));
    }
    // A connect under way ends first: it sees `closing` and closes what it opened.
    const nc = await this.connected.catch(() => null);
    if (!nc || nc.isClosed()) return;
    // Draining sends the acknowledgements and publishes still buffered, which needs the server.
    if (this.up) await Promise.race([nc.drain().catch(() => undefined), drainDeadline()]);
    await nc.close();
  }

  /** The raw connection, for callers that need core NATS (the gateway's live subscriptions). */
  async nats(): Promise<NatsConnection> {
    return this.connected;
  }

  private async connectWithRetry(): Promise<NatsConnection> {
    const { servers, name, logger } = this.options;
    for (let attempt = 1; ; attempt++) {
      if (this.closing) throw new Error('event bus closed before connecting');
      let nc: NatsConnection | null = null;
      try {
        nc = await connect({ servers, name, maxReconnectAttempts: -1, reconnectTimeWait: RECONNECT_WAIT_MS });
        await this.ensureStream(nc);
      } catch (error) {
        // A connection without its stream is dropped before the next try: kept, it would reconnect for ever, unseen by close().
        await nc?.close();
        if (attempt === 1 || attempt % 30 === 0) logger.warn({ err: error, servers, attempt }, 'NATS unreachable, retrying');
        await sleep(RECONNECT_WAIT_MS);
        continue;
      }
      if (this.closing) {
        await nc.close();
        throw new Error('event bus closed while connecting');
      }
      this.connection = nc;
      this.up = true;
      void this.watchStatus(nc);
      logger.info({ server: nc.getServer() }, 'connected to NATS');
      return nc;
    }
  }

  private async watchStatus(nc: NatsConnection): Promise<void> {
    for await (const status of nc.status()) {
      if (status.type === Events.Disconnect) {
        this.up = false;
        this.options.logger.warn('disconnected from NATS');
      } else if (status.type === Events.Reconnect) {
        this.up = true;
        this.options.logger.info('reconnected to NATS');
        // A NATS server that came back without its storage has lost the stream: make it again.
        await this.ensureStream(nc).catch((err: unknown) => this.options.logger.error({ err }, 'could not recreate stream'));
      }
    }
  }

  private async ensureStream(nc: NatsConnection): Promise<void> {
    const jsm = await nc.jetstreamManager();
    const config = {
      name: this.options.stream,
      subjects: [`${this.options.subjectPrefix}.>`],
      storage: StorageType.File,
      retention: RetentionPolicy.Limits,
      max_age: nanos(STREAM_MAX_AGE_MS),
      duplicate_window: nanos(DUPLICATE_WINDOW_MS),
      num_replicas: this.options.replicas,
    };
    try {
      await jsm.streams.info(this.options.stream);
      await jsm.streams.update(this.options.stream, config);
    } catch {
      await jsm.streams.add(config);
    }
  }

  private async consumeLoop(definition: ConsumerDefinition, name: string): Promise<void> {
    const { logger, stream } = this.options;
    let caughtUp = false;
    const arrived = (pending: number) => {
      if (caughtUp || pending > 0) return;
      caughtUp = true;
      definition.caughtUp?.();
    };
    while (!this.closing) {
      try {
        const nc = await this.connected;
        const jsm = await nc.jetstreamManager();
        const shared = {
          filter_subject: this.subject(definition.filter),
          ack_policy: AckPolicy.Explicit,
          max_deliver: this.options.maxDeliver,
          ack_wait: nanos(30_000),
          ...(definition.ordered ? { max_ack_pending: 1 } : {}),
          ...(definition.enforces ? { description: ENFORCER_DESCRIPTION } : {}),
        };
        if (definition.perInstance) {
          this.instances.add(name);
          const info = await jsm.consumers.add(stream, {
            ...shared,
            name,
            inactive_threshold: nanos(INSTANCE_INACTIVE_MS),
            deliver_policy: DeliverPolicy.StartTime,
            opt_start_time: new Date(Date.now() - definition.perInstance.replayMs).toISOString(),
          });
          arrived(info.num_pending);
        } else {
          const config = { ...shared, durable_name: name, deliver_policy: DeliverPolicy.All };
          await jsm.consumers.add(stream, config).catch(() => jsm.consumers.update(stream, name, config));
        }
        const consumer = await nc.jetstream().consumers.get(stream, name);
        const messages = await consumer.consume({ max_messages: 64 });
        this.subscriptions.add(messages);
        if (definition.perInstance) void this.restartWhenDeleted(messages);
        try {
          // close() stops the consumers it found; one set up meanwhile stops itself.
          if (this.closing) messages.stop();
          for await (const message of messages) {
            const handling = this.handle(definition, message);
            this.handling.add(handling);
            await handling.finally(() => this.handling.delete(handling));
            arrived(message.info.pending);
          }
        } finally {
          // Also when a handler's error ends the loop: the pulls and heartbeat timer of these messages end with them.
          messages.stop();
          this.subscriptions.delete(messages);
        }
      } catch (error) {
        if (this.closing) return;
        logger.warn({ err: error, consumer: definition.durable }, 'consumer interrupted, restarting');
        await sleep(RECONNECT_WAIT_MS);
      }
    }
  }

  /**
   * A per-instance consumer is deleted by the server when its process stopped pulling for a
   * while (NATS unreachable, a long pause): it is made again, replaying from its start.
   */
  private async restartWhenDeleted(messages: ConsumerMessages): Promise<void> {
    for await (const status of await messages.status()) {
      if (status.type === ConsumerEvents.ConsumerDeleted || status.type === ConsumerEvents.ConsumerNotFound) {
        messages.stop();
        return;
      }
    }
  }

  private async handle(definition: ConsumerDefinition, message: JsMsg): Promise<void> {
    const { logger, maxDeliver, retryBackoffMs } = this.options;
    let event: AnyEvent;
    try {
      event = parseEnvelope(message.data);
    } catch (error) {
      logger.error({ err: error, subject: message.subject }, 'unreadable event');
      await this.deadLetter(definition, message, null, error);
      return;
    }
    try {
      await this.handleWhileAvailable(definition, message, event);
      message.ack();
      this.options.metrics?.eventsHandled.inc({ consumer: definition.durable, outcome: 'ok' });
    } catch (error) {
      if (this.closing) return;
      const attempt = message.info.deliveryCount;
      if (attempt >= maxDeliver) {
        logger.error({ err: error, eventId: event.id, type: event.type, attempt }, 'event handling failed for good');
        await this.deadLetter(definition, message, event, error);
        this.options.metrics?.eventsHandled.inc({ consumer: definition.durable, outcome: 'dead_letter' });
      } else {
        const delay = retryBackoffMs[Math.min(attempt - 1, retryBackoffMs.length - 1)] ?? 1000;
        logger.warn({ err: error, eventId: event.id, type: event.type, attempt, retryInMs: delay }, 'event handling failed, will retry');
        message.nak(delay);
        this.options.metrics?.eventsHandled.inc({ consumer: definition.durable, outcome: 'retry' });
      }
    }
  }

  /** Runs the handler, and again each time it failed because its dependency was down, once that is back. */
  private async handleWhileAvailable(definition: ConsumerDefinition, message: JsMsg, event: AnyEvent): Promise<void> {
    const attributes = { ...messageAttributes(message.subject, event), 'messaging.consumer.group.name': definition.durable };
    for (;;) {
      try {
        await inSpan(
          this.tracer,
          `handle ${event.type}`,
          { kind: SpanKind.CONSUMER, parent: contextFrom(carrierOf(message)), attributes },
          () => definition.handle(event),
        );
        return;
      } catch (error) {
        if (!definition.available || (await definition.available())) throw error;
        this.options.logger.warn(
          { err: error, eventId: event.id, consumer: definition.durable },
          'dependency unavailable, holding the event until it is back',
        );
        while (!(await definition.available())) {
          if (this.closing) throw error;
          // Tells JetStream the message is still being worked on, so it is not redelivered meanwhile.
          message.working();
          await sleep(RECONNECT_WAIT_MS);
        }
      }
    }
  }

  /** Parks a message on `<prefix>.deadletter.<consumer>` for an operator to inspect or replay, and stops its redelivery. */
  private async deadLetter(definition: ConsumerDefinition, message: JsMsg, event: AnyEvent | null, error: unknown): Promise<void> {
    const nc = await this.connected;
    const meta = headers();
    meta.set('Original-Subject', message.subject);
    meta.set('Error', error instanceof Error ? error.message.slice(0, 500) : String(error).slice(0, 500));
    const subject = deadLetterSubject(this.options.subjectPrefix, definition.durable);
    const msgID = event ? `${event.id}:${definition.durable}` : undefined;
    await nc.jetstream().publish(subject, message.data, { headers: meta, ...(msgID ? { msgID } : {}) });
    message.term();
  }
}
