import type { EventEnvelope } from '@taskgraph/contracts';
import { notYetInForce } from '../errors.js';
import { sleep } from '../wait.js';
import type { EventBus, StoredEvent } from './bus.js';
import type { OutboxRelay } from './relay.js';

/** What waiting needs of a recorded event: which one, and its type (its subject). */
export type RecordedEvent = Pick<EventEnvelope, 'id' | 'type'>;

/** How often the enforcers' ack floors are read while waiting. */
const FLOOR_POLL_MS = 5;

/**
 * Makes a change of rights hold once its mutation returns. After the transaction that recorded
 * the events commits, it waits until they are published (their stream sequence), then until
 * every enforcing consumer their subject reaches, of any service and replica, has acknowledged
 * the stream that far: every replica that authorizes with what those events change has applied
 * them. Past the bound the change stays committed, and the caller is told it is not yet in force
 * everywhere.
 */
export class RightsInForce {
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
    while (!(await this.bus.enforced(stored).catch(() => false))) {
      if (Date.now() >= deadline) throw notYetInForce();
      await sleep(FLOOR_POLL_MS);
    }
  }
}
