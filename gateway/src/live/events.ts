import type { Subscription } from 'nats';
import { parseEnvelope, type EventBus, type EventEnvelope, type Logger } from '@taskgraph/kit';

type Listener = (event: EventEnvelope) => void;

interface SubjectEntry {
  listeners: Set<Listener>;
  subscription: Subscription | null;
}

/**
 * The gateway's view of the event stream: one core NATS subscription per subject pattern,
 * shared by every client subscription that listens to it, opened with the first listener and
 * closed with the last. Each gateway replica subscribes on its own; nothing is shared between them.
 */
export class LiveEvents {
  private readonly subjects = new Map<string, SubjectEntry>();

  constructor(
    private readonly bus: EventBus,
    private readonly logger: Logger,
  ) {}

  /** Calls `listener` with every event whose type matches `pattern` (e.g. `task.>`); returns how to stop. */
  listen(pattern: string, listener: Listener): () => void {
    let entry = this.subjects.get(pattern);
    if (!entry) {
      const created: SubjectEntry = { listeners: new Set(), subscription: null };
      this.subjects.set(pattern, created);
      void this.open(pattern, created);
      entry = created;
    }
    const { listeners } = entry;
    listeners.add(listener);
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

  private async open(pattern: string, entry: SubjectEntry): Promise<void> {
    const nc = await this.bus.nats();
    if (this.subjects.get(pattern) !== entry) return;
    entry.subscription = nc.subscribe(this.bus.subject(pattern), {
      callback: (error, message) => {
        if (error) {
          this.logger.warn({ err: error, pattern }, 'live event subscription failed');
          return;
        }
        let event: EventEnvelope;
        try {
          event = parseEnvelope(message.data);
        } catch (failure) {
          this.logger.warn({ err: failure, subject: message.subject }, 'unreadable live event');
          return;
        }
        for (const listener of entry.listeners) listener(event);
      },
    });
  }
}
