import type { MikroORM } from '@mikro-orm/postgresql';
import type { RateLimiterPostgres } from 'rate-limiter-flexible';
import { consumeAll, keyOf, postgresLimiter } from './rate-limit-store.js';

export interface EmailLimits {
  /** Emails about one subject (an address, a user) within the window, whoever asks. */
  perSubject: number;
  /** Emails one client address may ask for within the window, about anyone. */
  perAddress: number;
  windowSeconds: number;
}

/**
 * Bounds the emails a request can make accounts send: per subject, so that nobody's inbox can
 * be flooded, and per client address, so that one client cannot send to many. Every request
 * counts, whether an email goes out or not: the limit tells nothing about who is registered.
 */
export class EmailLimiter {
  private readonly perSubject: RateLimiterPostgres;
  private readonly perAddress: RateLimiterPostgres;

  constructor(orm: MikroORM, purpose: string, limits: EmailLimits) {
    this.perSubject = postgresLimiter(orm, `${purpose}-subject`, limits.perSubject, limits.windowSeconds);
    this.perAddress = postgresLimiter(orm, `${purpose}-address`, limits.perAddress, limits.windowSeconds);
  }

  /** Counts a request; RATE_LIMITED (with the wait) when the subject or the address has used up its emails. */
  consume(subject: string, address: string): Promise<void> {
    return consumeAll([
      [this.perSubject, keyOf(subject)],
      [this.perAddress, keyOf(address)],
    ]);
  }
}
