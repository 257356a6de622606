import { type Logger, PeriodicJob } from '@taskgraph/kit';

const PROBE_TIMEOUT_MS = 2000;

/**
 * Whether each subgraph is fit to serve, by its own readiness endpoint (which checks its
 * database and NATS), asked in the background so that readiness and metrics cost no request.
 */
export class SubgraphHealth {
  private readonly urls = new Map<string, URL>();
  private readonly ready = new Map<string, boolean>();
  readonly job: PeriodicJob;

  constructor(intervalMs: number, logger: Logger) {
    this.job = new PeriodicJob('subgraph health', intervalMs, () => this.probeAll(), logger);
  }

  /** Watches a subgraph at its GraphQL URL; its readiness endpoint is on the same server. */
  watch(name: string, graphqlUrl: string): void {
    this.urls.set(name, new URL('/health/ready', graphqlUrl));
  }

  isReady(name: string): boolean {
    return this.ready.get(name) ?? false;
  }

  get names(): string[] {
    return [...this.urls.keys()];
  }

  private async probeAll(): Promise<void> {
    await Promise.all(
      [...this.urls].map(async ([name, url]) => {
        const response = await fetch(url, { signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) }).catch(() => null);
        this.ready.set(name, response?.ok ?? false);
        await response?.body?.cancel();
      }),
    );
  }
}
