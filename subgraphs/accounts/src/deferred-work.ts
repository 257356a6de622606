import type { BackgroundJob, Logger } from '@taskgraph/kit';

/**
 * Work started by a request that its answer does not wait for: so that the answer's timing
 * cannot tell what the work found. A stopping service finishes what was started before it
 * closes its database; a crash loses it (the client asks again).
 */
export class DeferredWork implements BackgroundJob {
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly logger: Logger) {}

  run(name: string, work: () => Promise<unknown>): void {
    const task = work().then(
      () => undefined,
      (error: unknown) => this.logger.error({ err: error, work: name }, 'deferred work failed'),
    );
    this.running.add(task);
    void task.then(() => this.running.delete(task));
  }

  /** Nothing to start: work arrives with requests. */
  start(): void {}

  async stop(): Promise<void> {
    await Promise.all(this.running);
  }
}
