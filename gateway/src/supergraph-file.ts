import { createHash } from 'node:crypto';
import { type FSWatcher, watch } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { SupergraphManager, SupergraphSdlUpdateFunction } from '@apollo/gateway';
import type { Logger, Metrics } from '@taskgraph/kit';
import { Counter } from 'prom-client';

/** What one reload did. */
export type ReloadOutcome =
  | { outcome: 'applied'; id: string }
  | { outcome: 'unchanged'; id: string }
  | { outcome: 'rejected'; reason: string };

export interface SupergraphFileOptions {
  path: string;
  /** Whether to read the file again when it changes (else only on `reload()`). */
  watch: boolean;
  /** Quiet time after the last change of the file before it is read: an editor writes in several steps. */
  debounceMs: number;
  /**
   * Checks a new supergraph and returns how to serve it with everything else that moves with it
   * (live subscriptions); throws when it cannot be served. Called before the query side changes.
   */
  prepare(sdl: string): () => void;
  logger: Logger;
  metrics: Metrics;
}

const idOf = (sdl: string) => createHash('sha256').update(sdl).digest('hex');

/**
 * The supergraph file the gateway serves, read at start and again whenever it changes (a watch
 * on its directory, so that a file replaced by a rename is seen too) and on `reload()` (SIGHUP).
 * A new supergraph goes to @apollo/gateway through the `update` callback of its `supergraphSdl`
 * hook: queries move to it at once, with no restart. One that cannot be read, parsed or served
 * is logged and counted, and the one before stays served.
 */
export class SupergraphFile implements SupergraphManager {
  private update: SupergraphSdlUpdateFunction | null = null;
  private watcher: FSWatcher | null = null;
  private timer: NodeJS.Timeout | null = null;
  /** Reloads run one after the other, in the order they were asked for. */
  private queue: Promise<unknown> = Promise.resolve();
  private readonly reloads: Counter<'outcome'>;

  constructor(
    private readonly options: SupergraphFileOptions,
    /** The SDL read at start (what the live executor was built on). */
    private sdl: string,
  ) {
    this.reloads = new Counter({
      name: 'supergraph_reloads_total',
      help: 'Reloads of the supergraph file by outcome: applied, unchanged (same content), rejected (the previous one stays served)',
      labelNames: ['outcome'],
      registers: [options.metrics.registry],
    });
    options.metrics.labelledGauge('supergraph_info', 'The supergraph served (1), by its id (SHA-256 of its SDL)', ['id'], async () => [
      [{ id: this.id }, 1],
    ]);
  }

  /** The SDL served now. */
  get current(): string {
    return this.sdl;
  }

  /** The SHA-256 of the SDL served now, as @apollo/gateway names a composition. */
  get id(): string {
    return idOf(this.sdl);
  }

  /** @apollo/gateway's hook: gives the SDL read at start, and from then on every new one through `update`. */
  readonly initialize: SupergraphManager['initialize'] = async ({ update }) => {
    this.update = update;
    if (this.options.watch) this.watch();
    return { supergraphSdl: this.sdl, cleanup: async () => this.close() };
  };

  /** Reads the file again and serves it if it changed and can be served. */
  reload(): Promise<ReloadOutcome> {
    const next = this.queue.then(() => this.load());
    this.queue = next.catch(() => undefined);
    return next;
  }

  close(): void {
    this.watcher?.close();
    this.watcher = null;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private watch(): void {
    try {
      // The directory, not the file: a watch on a file follows its inode, which a rename-write
      // replaces. Any name that changes there counts: a Kubernetes ConfigMap volume swaps a
      // `..data` symlink, not the file's own name. A content that did not change is no reload.
      this.watcher = watch(path.dirname(this.options.path), () => {
        if (this.timer) clearTimeout(this.timer);
        this.timer = setTimeout(() => {
          this.timer = null;
          void this.reload();
        }, this.options.debounceMs);
      });
    } catch (error) {
      // Out of inotify watches, say: the gateway still serves, and reloads on SIGHUP.
      this.options.logger.warn({ err: error, path: this.options.path }, 'cannot watch the supergraph file; reload it with SIGHUP');
      return;
    }
    this.watcher.on('error', (error) => this.options.logger.error({ err: error }, 'cannot watch the supergraph file any more'));
  }

  private async load(): Promise<ReloadOutcome> {
    const { logger } = this.options;
    const outcome = await this.apply();
    this.reloads.inc({ outcome: outcome.outcome });
    if (outcome.outcome === 'rejected')
      logger.error({ path: this.options.path, reason: outcome.reason }, 'new supergraph rejected; the previous one is still served');
    else if (outcome.outcome === 'applied') logger.info({ path: this.options.path, id: outcome.id }, 'supergraph reloaded');
    return outcome;
  }

  private async apply(): Promise<ReloadOutcome> {
    const update = this.update;
    if (!update) return { outcome: 'rejected', reason: 'the gateway has not loaded its first supergraph yet' };
    let sdl: string;
    try {
      sdl = await readFile(this.options.path, 'utf8');
    } catch (error) {
      return { outcome: 'rejected', reason: `cannot read the file: ${String(error)}` };
    }
    if (sdl === this.sdl) return { outcome: 'unchanged', id: this.id };
    try {
      const serveLive = this.options.prepare(sdl);
      // Both in one turn of the event loop: no request or event sees one side moved without the other.
      update(sdl);
      serveLive();
    } catch (error) {
      return { outcome: 'rejected', reason: error instanceof Error ? error.message : String(error) };
    }
    this.sdl = sdl;
    return { outcome: 'applied', id: this.id };
  }
}
