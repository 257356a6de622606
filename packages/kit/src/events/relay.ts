import type { MikroORM } from '@mikro-orm/postgresql';
import { LRUCache } from 'lru-cache';
import type { Logger } from '../logger.js';
import { sleep } from '../wait.js';
import type { EventBus } from './bus.js';
import { OutboxEvent } from './outbox-event.js';
import { wakeRelayOnCommit } from './wake-on-commit.js';

export interface OutboxRelayOptions {
  batchSize?: number;
  /** How often to look for rows written by other replicas or left by a failed publish. */
  pollIntervalMs?: number;
  /** Published rows are kept this long for inspection, then deleted. */
  retentionMs?: number;
}

/** Any 64-bit constant would do: it names "the outbox publisher" among advisory locks in this database. */
const PUBLISHER_LOCK = 0x6f7574626f78;
const FAILURE_BACKOFF_MS = 1000;
/** How often a wait for an event published by another replica's relay looks at its row. */
const SEQUENCE_POLL_MS = 20;

/**
 * Publishes outbox rows to JetStream in the order they were written, then marks them sent.
 * One replica at a time publishes (an advisory lock), which keeps events in order. A publish
 * that fails rolls the batch back: the rows wait for NATS, and a re-publish is dropped by
 * JetStream's de-duplication on the event id.
 */
export class OutboxRelay {
  private running = false;
  /** Set by a wake while a batch is under way: rows committed meanwhile may have been missed by it. */
  private woken = false;
  private wakeUp: (() => void) | null = null;
  private loop: Promise<void> | null = null;
  private lastCleanup = 0;
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;
  private readonly retentionMs: number;
  /** Waits for events this relay is to publish, resolved with their stream sequence. */
  private readonly waiters = new Map<string, Set<(seq: number) => void>>();
  /** What this relay published lately, for a wait that starts only after the publish. */
  private readonly published = new LRUCache<string, number>({ max: 10_000 });

  constructor(
    private readonly orm: MikroORM,
    private readonly bus: EventBus,
    private readonly logger: Logger,
    options: OutboxRelayOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 200;
    this.pollIntervalMs = options.pollIntervalMs ?? 1000;
    this.retentionMs = options.retentionMs ?? 24 * 3600_000;
    wakeRelayOnCommit(orm, () => this.wake());
  }

  start(): void {
    this.running = true;
    this.loop = this.run();
  }

  /** Called after a transaction that wrote events commits, so they go out now rather than at the next poll. */
  private wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    await this.loop;
  }

  /** Rows not yet published, and the age of the oldest: the backlog operators watch. */
  async backlog(): Promise<{ count: number; oldestAgeSeconds: number }> {
    const rows = await this.orm.em
      .fork()
      .getConnection()
      .execute<{ count: string; oldest: Date | string | null }[]>(
        'select count(*) as count, min(created_at) as oldest from outbox_events where published_at is null',
      );
    const row = rows[0];
    // The timestamp has been seen to come back as text rather than a Date: read either.
    const oldest = row?.oldest ? new Date(row.oldest).getTime() : null;
    return { count: Number(row?.count ?? 0), oldestAgeSeconds: oldest === null ? 0 : (Date.now() - oldest) / 1000 };
  }

  /**
   * The stream sequence of a recorded event once it is published, by this relay (told at once)
   * or another replica's (read from its row); null if that has not happened by the deadline.
   */
  async sequenceOf(eventId: string, deadline: number): Promise<number | null> {
    const known = this.published.get(eventId);
    if (known !== undefined) return known;
    let resolve: (seq: number) => void = () => undefined;
    const told = new Promise<number>((done) => {
      resolve = done;
    });
    const waiting = this.waiters.get(eventId) ?? new Set();
    waiting.add(resolve);
    this.waiters.set(eventId, waiting);
    try {
      for (;;) {
        const seq = this.published.get(eventId) ?? (await this.storedSequence(eventId));
        if (seq !== null) return seq;
        const left = deadline - Date.now();
        if (left <= 0) return null;
        const outcome = await Promise.race([told, sleep(Math.min(SEQUENCE_POLL_MS, left)).then(() => null)]);
        if (outcome !== null) return outcome;
      }
    } finally {
      waiting.delete(resolve);
      if (!waiting.size) this.waiters.delete(eventId);
    }
  }

  private async storedSequence(eventId: string): Promise<number | null> {
    const row = await this.orm.em.fork().findOne(OutboxEvent, { id: eventId }, { fields: ['streamSeq'] });
    return row?.streamSeq ?? null;
  }

  private async run(): Promise<void> {
    while (this.running) {
      this.woken = false;
      let published = 0;
      try {
        published = await this.publishBatch();
        await this.cleanup();
      } catch (error) {
        this.logger.warn({ err: error }, 'outbox publish failed, will retry');
        await this.idle(FAILURE_BACKOFF_MS);
        continue;
      }
      if (published < this.batchSize) await this.idle(this.pollIntervalMs);
    }
  }

  private idle(ms: number): Promise<void> {
    if (this.woken) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      const self = this;
      function done() {
        clearTimeout(timer);
        self.wakeUp = null;
        resolve();
      }
      this.wakeUp = done;
    });
  }

  async publishBatch(): Promise<number> {
    if (!this.bus.isConnected) return 0;
    return this.orm.em.fork().transactional(async (em) => {
      const [lock] = await em
        .getConnection()
        .execute<{ locked: boolean }[]>(
          'select pg_try_advisory_xact_lock(?) as locked',
          [PUBLISHER_LOCK],
          'all',
          em.getTransactionContext(),
        );
      if (!lock?.locked) return 0;
      const rows = await em.find(OutboxEvent, { publishedAt: null }, { orderBy: { id: 'asc' }, limit: this.batchSize });
      // Sent together on one connection, they reach the stream in this order.
      const sequences = await Promise.all(rows.map((row) => this.bus.publish(row.envelope)));
      const now = new Date();
      for (const [index, row] of rows.entries()) {
        const seq = sequences[index]!;
        row.publishedAt = now;
        row.streamSeq = seq;
        // Stored in the stream whatever becomes of this transaction: a waiter may go on now.
        this.published.set(row.id, seq);
        for (const resolve of this.waiters.get(row.id) ?? []) resolve(seq);
      }
      return rows.length;
    });
  }

  private async cleanup(): Promise<void> {
    if (Date.now() - this.lastCleanup < 60_000) return;
    this.lastCleanup = Date.now();
    await this.orm.em.fork().nativeDelete(OutboxEvent, { publishedAt: { $lt: new Date(Date.now() - this.retentionMs) } });
  }
}
