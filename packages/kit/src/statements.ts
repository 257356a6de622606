import { AsyncLocalStorage } from 'node:async_hooks';
import type { MikroORM } from '@mikro-orm/postgresql';

const inRequest = new AsyncLocalStorage<true>();

/** Marks the work done for an HTTP request, so that what the service does in the background is told apart. */
export function inRequestScope(work: () => void): void {
  inRequest.run(true, work);
}

/** A statement as the driver is given it. */
export interface Statement {
  sql: string;
  bindings: unknown[];
}

/**
 * Counts the SQL statements a service runs on behalf of requests, leaving out its background
 * work (outbox relay, consumers, jobs): the figure that must not grow with a page's size. It
 * can also keep them, for a benchmark to run the same statements without the service.
 */
export class StatementCounter {
  private total = 0;
  private kept: Statement[] | null = null;

  constructor(orm: MikroORM) {
    orm.em.getKnex().on('query', (query: { sql: string; bindings?: unknown[] }) => {
      if (!inRequest.getStore()) return;
      this.total += 1;
      this.kept?.push({ sql: query.sql, bindings: query.bindings ?? [] });
    });
  }

  get count(): number {
    return this.total;
  }

  /** Keeps the statements run on behalf of requests from now on; the function returned stops and gives them, in order. */
  keep(): () => Statement[] {
    const kept: Statement[] = [];
    this.kept = kept;
    return () => {
      this.kept = null;
      return kept;
    };
  }
}
