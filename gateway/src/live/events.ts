import { type AnyEvent, type EventPattern, parseEnvelope } from '@taskgraph/contracts';
import type { EventBus, Logger } from '@taskgraph/kit';
import type { Subscription } from 'nats';

type Listener = (event: AnyEvent) => void;

interface SubjectEntry {
  listeners: Set<Listener>;
  subscription: Subscription | null;
  /** Settles once the NATS server has the subscription. */
  opened: Promise<void>;
}

/** How long a new listener waits for NATS to confirm its subscription (NATS may be down: then it listens from when it is back). */
const CONFIRM_WAIT_MS = 5000;

/**
 * The gateway's view of the event stream: one core NATS subscription per subject pattern,
 * shared by every client subscription that listens to it, opened with the first listener and
 * closed with the last. Each gateway replica subscribes on its own; nothing is shared between them.
 */
export class LiveEvents {
  private readonly subjects = new Map<EventPattern, SubjectEntry>();

  constructor(
    private readonly bus: EventBus,
    private readonly logger: Logger,
  ) {}

  /**
   * Calls `listener` with every event whose type matches `pattern` (e.g. `task.>`). Resolves,
   * with how to stop, once the NATS server has the subscription, so that a client hears every
   * event published after its subscription was accepted.
   */
  async listen(pattern: EventPattern, listener: Listener): Promise<() => void> {
    let entry = this.subjects.get(pattern);
    if (!entry) {
      const created: SubjectEntry = { listeners: new Set(), subscription: null, opened: Promise.resolve() };
      created.opened = this.open(pattern, created).catch((error: unknown) =>
        this.logger.warn({ err: error, pattern }, 'could not confirm a live event subscription'),
      );
      this.subjects.set(pattern, created);
      entry = created;
    }
    const { listeners } = entry;
    listeners.add(listener);
    await Promise.race([entry.opened, new Promise((resolve) => setTimeout(resolve, CONFIRM_WAIT_MS).unref())]);
    return () => {
      listeners.delete(listener);
      if (listeners.size || this.subjects.get(pattern) !== entry) return;
      entry.subscription?.unsubscribe();
      this.subjects.delete(pattern);
    };
  }

  /** Open NATS subscriptions, by subject pattern. */
  get openSubjects(): string[] {
    return [...this.subjects.keys()];
  }

  private async open(pattern: EventPattern, entry: SubjectEntry): Promise<void> {
    const nc = await this.bus.nats();
    if (this.subjects.get(pattern) !== entry) return;
    entry.subscription = nc.subscribe(this.bus.subject(pattern), {
      callback: (error, message) => {
        if (error) {
          this.logger.warn({ err: error, pattern }, 'live event subscription failed');
          return;
        }
        let event: AnyEvent;
        try {
          event = parseEnvelope(message.data);
        } catch (failure) {
          this.logger.warn({ err: failure, subject: message.subject }, 'unreadable live event');
          return;
        }
        for (const listener of entry.listeners) listener(event);
      },
    });
    await nc.flush();
  }
}
