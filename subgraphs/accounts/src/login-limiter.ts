import type { MikroORM } from '@mikro-orm/postgresql';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import { rateLimited } from '@taskgraph/kit';

export interface LoginLimiterSettings {
  LOGIN_MAX_FAILURES_PER_EMAIL: number;
  LOGIN_MAX_FAILURES_PER_ADDRESS: number;
  LOGIN_FAILURE_WINDOW_SECONDS: number;
}

/**
 * Limits password checks per email and per client address, in Postgres so the limit holds
 * across replicas. Every attempt is counted before its password is checked (atomically, so
 * simultaneous guesses cannot slip through together); a successful one is given back. Once
 * either count is over its limit, attempts are refused until the window has passed.
 */
export class LoginLimiter {
  private readonly byEmail: RateLimiterPostgres;
  private readonly byAddress: RateLimiterPostgres;

  constructor(orm: MikroORM, settings: LoginLimiterSettings) {
    const common = {
      storeClient: orm.em.getKnex(),
      storeType: 'knex',
      tableName: 'login_rate_limits',
      tableCreated: true,
      duration: settings.LOGIN_FAILURE_WINDOW_SECONDS,
    };
    this.byEmail = new RateLimiterPostgres({ ...common, keyPrefix: 'email', points: settings.LOGIN_MAX_FAILURES_PER_EMAIL });
    this.byAddress = new RateLimiterPostgres({ ...common, keyPrefix: 'address', points: settings.LOGIN_MAX_FAILURES_PER_ADDRESS });
  }

  /** Counts an attempt; RATE_LIMITED when this email or this address has used up its attempts. */
  async attempt(email: string, address: string): Promise<void> {
    const results = await Promise.allSettled([this.byEmail.consume(email), this.byAddress.consume(address)]);
    for (const result of results) {
      if (result.status === 'fulfilled') continue;
      if (result.reason instanceof RateLimiterRes) throw rateLimited(Math.max(1, Math.ceil(result.reason.msBeforeNext / 1000)));
      throw result.reason;
    }
  }

  /** The password was right: it was no failure. */
  async succeeded(email: string, address: string): Promise<void> {
    await Promise.all([this.byEmail.delete(email), this.byAddress.reward(address, 1)]);
  }
}
