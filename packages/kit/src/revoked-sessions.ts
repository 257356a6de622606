import type { ConsumerDefinition } from './events/bus.js';

/**
 * How far back every replica reads session revocations when it starts: the longest an access
 * token may live (accounts caps ACCESS_TOKEN_TTL_SECONDS at it), so no revoked session that
 * still has a valid token is missed.
 */
export const SESSION_HISTORY_MS = 24 * 3600_000;

/**
 * The sessions ended (logout, password change, a refresh token used twice) whose access tokens
 * may not have expired yet, as this replica knows them from `session.revoked`. Every replica of
 * every service keeps its own, through a consumer of its own that enforces rights: a revocation
 * returns once every replica has it. Each id is kept only until no token of it can be valid.
 */
export class RevokedSessions {
  private readonly until = new Map<string, number>();
  private readonly listeners: ((sessionIds: readonly string[]) => void)[] = [];
  private replayed = false;

  /** Whether the revocations the stream held when this replica started have been read. */
  get ready(): boolean {
    return this.replayed;
  }

  has(sessionId: string): boolean {
    const until = this.until.get(sessionId);
    if (until === undefined) return false;
    if (until > Date.now()) return true;
    this.until.delete(sessionId);
    return false;
  }

  /** Called with the sessions of each revocation as it arrives, before it counts as applied here. */
  onRevoked(listener: (sessionIds: readonly string[]) => void): void {
    this.listeners.push(listener);
  }

  /** The per-instance consumer that keeps the set, for a service named `service`. */
  consumer(service: string): ConsumerDefinition {
    return {
      durable: `sessions-${service}`,
      filter: 'session.revoked',
      enforces: true,
      perInstance: { replayMs: SESSION_HISTORY_MS },
      caughtUp: () => {
        this.replayed = true;
      },
      handle: async (event) => {
        if (event.type === 'session.revoked') this.revoke(event.data.sessionIds, Date.parse(event.data.until));
      },
    };
  }

  private revoke(sessionIds: readonly string[], until: number): void {
    const now = Date.now();
    for (const [id, expires] of this.until) if (expires <= now) this.until.delete(id);
    if (until <= now) return;
    for (const id of sessionIds) this.until.set(id, until);
    for (const listener of this.listeners) listener(sessionIds);
  }
}
