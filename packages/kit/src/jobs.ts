import type { Logger } from './logger.js';

/** Work a service does in the background on a schedule; started once it serves, stopped before it closes. */
export interface BackgroundJob {
  start(): void;
  stop(): Promise<void>;
}

/** Runs `work` every `intervalMs`, one run at a time; a failed run is logged and the next one comes as planned. */
export class PeriodicJob implements BackgroundJob {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> = Promise.resolve();

  constructor(
    private readonly name: string,
    private readonly intervalMs: number,
    private readonly work: () => Promise<unknown>,
    private readonly logger: Logger,
  ) {}

  start(): void {
    const tick = () => {
      this.running = this.work().then(
        () => undefined,
        (error: unknown) => this.logger.error({ err: error, job: this.name }, 'background job failed'),
      );
      void this.running.then(() => {
        if (this.timer) this.timer = setTimeout(tick, this.intervalMs);
      });
    };
    this.timer = setTimeout(tick, 0);
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }
}
