import type { MikroORM } from '@mikro-orm/postgresql';
import { rateLimited } from '@taskgraph/kit';
import { type RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import { keyOf, postgresLimiter, retryAfter } from './rate-limit-store.js';

export interface LoginLimiterSettings {
  LOGIN_MAX_FAILURES: number;
  LOGIN_MAX_FAILURES_PER_ADDRESS: number;
  LOGIN_FAILURE_WINDOW_SECONDS: number;
  LOGIN_LOCKOUT_SECONDS: number;
}

/** Lockouts of one email from one address are remembered this long, and none lasts longer. */
const LOCKOUT_MEMORY_SECONDS = 24 * 3600;

/**
 * Limits password checks, in Postgres so the limits hold across replicas. Failures are counted
 * per email and client address: past LOGIN_MAX_FAILURES, that address is locked out of that
 * email, for LOGIN_LOCKOUT_SECONDS at first and twice as long at each further lockout. Someone
 * who knows an email therefore cannot lock its owner out, who logs in from another address. Each
 * address also has a budget over all emails, against guessing many of them. Every attempt is
 * counted before its password is checked (atomically, so simultaneous guesses cannot slip
 * through together); a successful one is given back.
 */
export class LoginLimiter {
  private readonly byEmailAndAddress: RateLimiterPostgres;
  private readonly byAddress: RateLimiterPostgres;
  private readonly lockouts: RateLimiterPostgres;

  constructor(
    orm: MikroORM,
    private readonly settings: LoginLimiterSettings,
  ) {
    const window = settings.LOGIN_FAILURE_WINDOW_SECONDS;
    this.byEmailAndAddress = postgresLimiter(orm, 'pair', settings.LOGIN_MAX_FAILURES, window);
    this.byAddress = postgresLimiter(orm, 'address', settings.LOGIN_MAX_FAILURES_PER_ADDRESS, window);
    // Only counted (with penalty), never consumed: how many lockouts this pair has had lately.
    this.lockouts = postgresLimiter(orm, 'lockouts', 1, LOCKOUT_MEMORY_SECONDS);
  }

  /** Counts an attempt; RATE_LIMITED when this email from this address, or this address, has used up its attempts. */
  async attempt(email: string, address: string): Promise<void> {
    const pair = keyOf(email, address);
    const [forPair, forAddress] = await Promise.allSettled([this.byEmailAndAddress.consume(pair), this.byAddress.consume(keyOf(address))]);
    if (forPair.status === 'rejected') {
      if (!(forPair.reason instanceof RateLimiterRes)) throw forPair.reason;
      // Only the attempt that went over the limit sees exactly one point too many: it starts the lockout.
      if (forPair.reason.consumedPoints === this.settings.LOGIN_MAX_FAILURES + 1) throw rateLimited(await this.lockOut(pair));
      throw rateLimited(retryAfter(forPair.reason));
    }
    if (forAddress.status === 'rejected') {
      if (forAddress.reason instanceof RateLimiterRes) throw rateLimited(retryAfter(forAddress.reason));
      throw forAddress.reason;
    }
  }

  /** The password was right: it was no failure, and earlier lockouts of this pair are forgotten. */
  async succeeded(email: string, address: string): Promise<void> {
    const pair = keyOf(email, address);
    await Promise.all([this.byEmailAndAddress.delete(pair), this.lockouts.delete(pair), this.byAddress.reward(keyOf(address), 1)]);
  }

  /** Blocks the pair for a lockout twice as long as its last one; returns its length in seconds. */
  private async lockOut(pair: string): Promise<number> {
    const { consumedPoints } = await this.lockouts.penalty(pair, 1);
    const seconds = Math.min(this.settings.LOGIN_LOCKOUT_SECONDS * 2 ** (consumedPoints - 1), LOCKOUT_MEMORY_SECONDS);
    await this.byEmailAndAddress.block(pair, seconds);
    return seconds;
  }
}
