import type { GraphQLDataSource, ServiceEndpointDefinition } from '@apollo/gateway';
import type { Env, Logger, ReadinessCheck } from '@taskgraph/kit';
import { GraphQLError } from 'graphql';
import type CircuitBreaker from 'opossum';
import type { Histogram } from 'prom-client';
import { SubgraphDataSource } from './data-source.js';
import { LIVE_SUBGRAPH } from './live/schema.js';
import type { GatewaySettings } from './settings.js';
import { subgraphUrl } from './settings.js';
import { subgraphFetcher } from './subgraph-fetcher.js';
import { SubgraphHealth } from './subgraph-health.js';

/** Nothing reaches the `live` pseudo-subgraph over HTTP: its fields are subscriptions, served over WebSocket. */
const liveOnly: GraphQLDataSource = {
  process: async () => ({ errors: [new GraphQLError('Subscriptions are served over WebSocket (graphql-transport-ws) at this URL')] }),
};

/**
 * How the gateway reaches each subgraph of the supergraph: a data source with retries, a
 * circuit, a timed fetcher, and a watch on its readiness. Filled in by `buildService` as
 * @apollo/gateway loads the supergraph.
 */
export class SubgraphServices {
  /** By subgraph name, the live pseudo-subgraph included: the live executor fetches through them too. */
  readonly dataSources: Record<string, GraphQLDataSource> = {};
  readonly circuits = new Map<string, CircuitBreaker>();
  readonly health: SubgraphHealth;

  constructor(
    private readonly settings: GatewaySettings,
    private readonly env: Env,
    private readonly fetchSeconds: Histogram<'subgraph' | 'outcome'>,
    logger: Logger,
  ) {
    this.health = new SubgraphHealth(settings.SUBGRAPH_HEALTH_INTERVAL_MS, logger);
  }

  readonly buildService = ({ name, url }: ServiceEndpointDefinition): GraphQLDataSource => {
    if (name === LIVE_SUBGRAPH) {
      this.dataSources[name] = liveOnly;
      return liveOnly;
    }
    const { settings } = this;
    const { fetcher, circuit } = subgraphFetcher({
      timeoutMs: settings.SUBGRAPH_TIMEOUT_MS,
      breaker: {
        errorThresholdPercentage: settings.CIRCUIT_ERROR_PERCENT,
        volumeThreshold: settings.CIRCUIT_MIN_CALLS,
        resetMs: settings.CIRCUIT_RESET_MS,
      },
      observe: (outcome, seconds) => this.fetchSeconds.observe({ subgraph: name, outcome }, seconds),
    });
    this.circuits.set(name, circuit);
    const target = subgraphUrl(this.env, name, url);
    if (target) this.health.watch(name, target);
    const retry = { retries: settings.SUBGRAPH_RETRIES, delayMs: settings.SUBGRAPH_RETRY_DELAY_MS };
    const source = new SubgraphDataSource(name, retry, { url: target, fetcher });
    this.dataSources[name] = source;
    return source;
  };

  /** Ready by its readiness endpoint, and its circuit closed. */
  isUp(name: string): boolean {
    return this.health.isReady(name) && !this.circuits.get(name)?.opened;
  }

  /** One check per subgraph, known once the supergraph is loaded; each only degrades the gateway. */
  readiness(): ReadinessCheck[] {
    return this.health.names.map((name) => ({ name: `subgraph ${name}`, check: () => this.isUp(name), degradesOnly: true }));
  }
}
