import { AppError, settingTypes, type Viewer } from '@taskgraph/kit';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

export const rateLimitSettings = {
  /** Operations per minute for one signed-in user. */
  RATE_LIMIT_PER_USER: settingTypes.positiveInt(1200),
  /** Operations per minute from one client address, signed in or not. */
  RATE_LIMIT_PER_ADDRESS: settingTypes.positiveInt(3000),
};

/**
 * Per-user and per-address operation budgets, kept in this gateway's memory: each replica
 * counts what it serves, so with N replicas behind a balancer a client gets up to N times the
 * budget. Over budget is RATE_LIMITED with `retryAfterSeconds` (and HTTP 429, Retry-After).
 */
export class RateLimits {
  private readonly perUser: RateLimiterMemory;
  private readonly perAddress: RateLimiterMemory;

  constructor(settings: { RATE_LIMIT_PER_USER: number; RATE_LIMIT_PER_ADDRESS: number }) {
    this.perUser = new RateLimiterMemory({ keyPrefix: 'user', points: settings.RATE_LIMIT_PER_USER, duration: 60 });
    this.perAddress = new RateLimiterMemory({ keyPrefix: 'address', points: settings.RATE_LIMIT_PER_ADDRESS, duration: 60 });
  }

  async consume(viewer: Viewer | null, address: string): Promise<void> {
    try {
      await Promise.all([this.perAddress.consume(address), ...(viewer ? [this.perUser.consume(viewer.userId)] : [])]);
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) throw error;
      const retryAfterSeconds = Math.max(1, Math.ceil(error.msBeforeNext / 1000));
      throw new AppError('RATE_LIMITED', 'Too many requests, slow down', {
        retryAfterSeconds,
        http: { status: 429, headers: new Map([['retry-after', String(retryAfterSeconds)]]) },
      });
    }
  }
}
