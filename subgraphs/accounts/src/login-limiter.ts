import type { MikroORM } from '@mikro-orm/postgresql';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import { rateLimited } from '@taskgraph/kit';

export interface LoginLimiterSettings {
  LOGIN_MAX_FAILURES_PER_EMAIL: number;
  LOGIN_MAX_FAILURES_PER_ADDRESS: number;
  LOGIN_FAILURE_WINDOW_SECONDS: number;
}

/**
 * Counts failed password checks per email and per client address in Postgres, so the limit
 * holds across replicas. Once either count reaches its limit, further attempts are refused
 * until the window has passed, without even checking the password.
 */
export class LoginLimiter {
  private readonly limiters: { byEmail: RateLimiterPostgres; byAddress: RateLimiterPostgres };

  constructor(orm: MikroORM, settings: LoginLimiterSettings) {
    const common = {
      storeClient: orm.em.getKnex(),
      storeType: 'knex',
      tableName: 'login_rate_limits',
      tableCreated: true,
      duration: settings.LOGIN_FAILURE_WINDOW_SECONDS,
    };
    this.limiters = {
      byEmail: new RateLimiterPostgres({ ...common, keyPrefix: 'email', points: settings.LOGIN_MAX_FAILURES_PER_EMAIL }),
      byAddress: new RateLimiterPostgres({ ...common, keyPrefix: 'address', points: settings.LOGIN_MAX_FAILURES_PER_ADDRESS }),
    };
  }

  /** RATE_LIMITED when this email or this address has failed too often lately. */
  async check(email: string, address: string): Promise<void> {
    const [byEmail, byAddress] = await Promise.all([this.limiters.byEmail.get(email), this.limiters.byAddress.get(address)]);
    const blocked = [
      [byEmail, this.limiters.byEmail.points],
      [byAddress, this.limiters.byAddress.points],
    ] as const;
    for (const [state, points] of blocked) {
      if (state && state.consumedPoints >= points) throw rateLimited(Math.max(1, Math.ceil(state.msBeforeNext / 1000)));
    }
  }

  async failed(email: string, address: string): Promise<void> {
    await Promise.all([this.consume(this.limiters.byEmail, email), this.consume(this.limiters.byAddress, address)]);
  }

  /** A successful login clears the email's count; the address keeps its own. */
  async succeeded(email: string): Promise<void> {
    await this.limiters.byEmail.delete(email);
  }

  private async consume(limiter: RateLimiterPostgres, key: string): Promise<void> {
    // Going over the limit rejects with the limiter's state; check() reports it on the next try.
    await limiter.consume(key).catch((error: unknown) => {
      if (!(error instanceof RateLimiterRes)) throw error;
    });
  }
}
