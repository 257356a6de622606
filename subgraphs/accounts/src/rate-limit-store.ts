import { createHash } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import { rateLimited } from '@taskgraph/kit';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';

/** Keys are hashes: an email of any length fits the table's key column, and none is stored in clear. */
export const keyOf = (...parts: string[]): string => createHash('sha256').update(parts.join('\n')).digest('hex');

export const retryAfter = (res: RateLimiterRes): number => Math.max(1, Math.ceil(res.msBeforeNext / 1000));

/** A counter kept in Postgres, so that its limit holds across replicas; `keyPrefix` keeps counters of different purposes apart. */
export const postgresLimiter = (orm: MikroORM, keyPrefix: string, points: number, duration: number): RateLimiterPostgres =>
  new RateLimiterPostgres({
    storeClient: orm.em.getKnex(),
    storeType: 'knex',
    tableName: 'login_rate_limits',
    tableCreated: true,
    keyPrefix,
    points,
    duration,
  });

/** Spends one point of each counter; RATE_LIMITED (the longest wait) when any of them is used up. */
export async function consumeAll(counters: [RateLimiterPostgres, string][]): Promise<void> {
  const outcomes = await Promise.allSettled(counters.map(([limiter, key]) => limiter.consume(key)));
  const waits: number[] = [];
  for (const outcome of outcomes) {
    if (outcome.status === 'fulfilled') continue;
    if (!(outcome.reason instanceof RateLimiterRes)) throw outcome.reason;
    waits.push(retryAfter(outcome.reason));
  }
  if (waits.length) throw rateLimited(Math.max(...waits));
}
