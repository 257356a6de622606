import { AsyncLocalStorage } from 'node:async_hooks';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { NextFunction, Request, Response } from 'express';

const inRequest = new AsyncLocalStorage<true>();

/** Marks the work done for an HTTP request, so that what the service does in the background is told apart. */
export function requestScope(_req: Request, _res: Response, next: NextFunction): void {
  inRequest.run(true, next);
}

/**
 * Counts the SQL statements a service runs on behalf of requests, leaving out its background
 * work (outbox relay, consumers, jobs): the figure that must not grow with a page's size.
 */
export class StatementCounter {
  private total = 0;

  constructor(orm: MikroORM) {
    orm.em.getKnex().on('query', () => {
      if (inRequest.getStore()) this.total += 1;
    });
  }

  get count(): number {
    return this.total;
  }
}
