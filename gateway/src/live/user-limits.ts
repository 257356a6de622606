import { AppError } from '@taskgraph/kit';

/** What a subscription takes of its user's limits while it lasts. */
export interface Claim {
  /** The events it follows; one event belongs to one feed of a user (`taskChanged` of one project…). */
  feed: string;
  /** Subscriptions with equal keys share one execution per event. */
  execution: string;
  /** Fetches one execution of its plan makes. */
  fetches: number;
}

interface Holdings {
  subscriptions: number;
  /** Distinct executions, with how many subscriptions share each. */
  executions: Map<string, { feed: string; fetches: number; holders: number }>;
  /** Per feed, the fetches of its distinct executions: what one event of the feed costs. */
  feedFetches: Map<string, number>;
}

/**
 * Each user's subscriptions on this replica, across all of the user's sockets. Equal
 * subscriptions share one execution per event whatever their number, but distinct ones (another
 * alias is enough) each run their plan: so the fetches of a feed's distinct executions are
 * bounded, and one event never costs more than that for one user.
 */
export class UserLimits {
  private readonly users = new Map<string, Holdings>();

  constructor(private readonly limits: { subscriptions: number; fetchesPerEvent: number }) {}

  /** Takes the claim for a new subscription of `userId` and returns how to give it back, or the error to refuse it with. */
  admit(userId: string, claim: Claim): (() => void) | AppError {
    const { subscriptions, fetchesPerEvent } = this.limits;
    const holdings = this.users.get(userId) ?? { subscriptions: 0, executions: new Map(), feedFetches: new Map() };
    if (holdings.subscriptions >= subscriptions) {
      return new AppError('RATE_LIMITED', `At most ${subscriptions} subscriptions per user`, {
        retryAfterSeconds: 1,
        limit: subscriptions,
      });
    }
    const shared = holdings.executions.get(claim.execution);
    const feedFetches = holdings.feedFetches.get(claim.feed) ?? 0;
    if (!shared && feedFetches + claim.fetches > fetchesPerEvent) {
      return new AppError(
        'RATE_LIMITED',
        `Your subscriptions to these events would cost more than ${fetchesPerEvent} subgraph fetches per event; subscriptions with the same document and variables share one`,
        { retryAfterSeconds: 1, limit: fetchesPerEvent },
      );
    }
    holdings.subscriptions += 1;
    if (shared) shared.holders += 1;
    else {
      holdings.executions.set(claim.execution, { feed: claim.feed, fetches: claim.fetches, holders: 1 });
      holdings.feedFetches.set(claim.feed, feedFetches + claim.fetches);
    }
    this.users.set(userId, holdings);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.release(userId, holdings, claim.execution);
    };
  }

  private release(userId: string, holdings: Holdings, execution: string): void {
    holdings.subscriptions -= 1;
    const held = holdings.executions.get(execution);
    if (held && --held.holders === 0) {
      holdings.executions.delete(execution);
      const left = (holdings.feedFetches.get(held.feed) ?? 0) - held.fetches;
      if (left > 0) holdings.feedFetches.set(held.feed, left);
      else holdings.feedFetches.delete(held.feed);
    }
    if (holdings.subscriptions === 0) this.users.delete(userId);
  }
}
