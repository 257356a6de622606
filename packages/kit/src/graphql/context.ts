import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { Viewer } from '../auth.js';
import { unauthenticated } from '../errors.js';
import type { RecordedEvent, RightsInForce } from '../events/in-force.js';
import type { Logger } from '../logger.js';

/** The per-request state every resolver receives. */
export class RequestContext {
  /** A fork per request: an identity map shared between requests would leak data and grow forever. */
  readonly em: EntityManager;
  private readonly loaders = new Map<(ctx: RequestContext) => unknown, unknown>();

  constructor(
    orm: MikroORM,
    readonly viewer: Viewer | null,
    readonly requestId: string,
    readonly clientAddress: string,
    /** The client's User-Agent, as the gateway passed it on; null when it sent none. */
    readonly userAgent: string | null,
    readonly logger: Logger,
    private readonly rights: RightsInForce,
  ) {
    this.em = orm.em.fork();
  }

  /** The signed-in viewer, or UNAUTHENTICATED. */
  requireViewer(): Viewer {
    if (!this.viewer) throw unauthenticated();
    return this.viewer;
  }

  /** One instance per request of whatever the factory builds (DataLoaders, mostly). */
  loader<T>(factory: (ctx: RequestContext) => T): T {
    let value = this.loaders.get(factory) as T | undefined;
    if (value === undefined) {
      value = factory(this);
      this.loaders.set(factory, value);
    }
    return value;
  }

  /** Runs a unit of work in one database transaction; events it recorded are published right after commit (the relay hears of it). */
  transaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.em.transactional(work);
  }

  /**
   * After the transaction that recorded them has committed: returns once every replica that
   * authorizes with what these events change has applied them, so the change holds for the
   * caller's next request, wherever it goes; NOT_YET_IN_FORCE past the bound (`RIGHTS_WAIT_MS`).
   */
  inForce(events: readonly RecordedEvent[]): Promise<void> {
    return this.rights.inForce(events);
  }
}
