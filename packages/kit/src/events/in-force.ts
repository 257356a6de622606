import type { EventEnvelope } from '@taskgraph/contracts';
import { notYetInForce } from '../errors.js';
import { sleep } from '../wait.js';
import type { EventBus, StoredEvent } from './bus.js';
import type { OutboxRelay } from './relay.js';

/** What waiting needs of a recorded event: which one, and its type (its subject). */
export type RecordedEvent = Pick<EventEnvelope, 'id' | 'type'>;

/** How often the enforcers' ack floors are read while anyone waits. */
const FLOOR_POLL_MS = 5;

interface Waiter {
  events: readonly StoredEvent[];
  done(): void;
}

/**
 * Makes a change of rights hold once its mutation returns. After the transaction that recorded
 * the events commits, it waits until they are published (their stream sequence), then until
 * every enforcing consumer their subject reaches, of any service and replica, has acknowledged
 * the stream that far: every replica that authorizes with what those events change has applied
 * them. Past the bound the change stays committed, and the caller is told it is not yet in force
 * everywhere. However many requests wait, one loop reads the floors for all of them.
 */
export class RightsInForce {
  private readonly waiters = new Set<Waiter>();
  private polling = false;

  constructor(
    private readonly bus: EventBus,
    private readonly relay: OutboxRelay,
    private readonly waitMs: number,
  ) {}

  async inForce(events: readonly RecordedEvent[]): Promise<void> {
    if (!events.length) return;
    const deadline = Date.now() + this.waitMs;
    const stored: StoredEvent[] = [];
    for (const event of events) {
      const seq = await this.relay.sequenceOf(event.id, deadline);
      if (seq === null) throw notYetInForce();
      stored.push({ subject: this.bus.subject(event.type), seq });
    }
    let waiter: Waiter | undefined;
    let timer: NodeJS.Timeout | undefined;
    const inTime = new Promise<boolean>((resolve) => {
      waiter = { events: stored, done: () => resolve(true) };
      timer = setTimeout(() => resolve(false), Math.max(0, deadline - Date.now()));
    });
    this.waiters.add(waiter!);
    void this.poll();
    try {
      if (!(await inTime)) throw notYetInForce();
    } finally {
      clearTimeout(timer);
      this.waiters.delete(waiter!);
    }
  }

  private async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      while (this.waiters.size) {
        const floors = await this.bus.enforcerFloors().catch(() => null);
        for (const waiter of floors ? this.waiters : []) {
          if (floors!.passed(waiter.events)) {
            this.waiters.delete(waiter);
            waiter.done();
          }
        }
        if (this.waiters.size) await sleep(FLOOR_POLL_MS);
      }
    } finally {
      this.polling = false;
    }
  }
}
