import type { Metrics } from '@taskgraph/kit';
import { Histogram } from 'prom-client';
import { liveTransports } from './live/admit.js';
import type { LiveServer } from './live/server.js';
import type { SubgraphServices } from './subgraph-services.js';

/** Latency of every fetch to a subgraph, by subgraph and outcome (HTTP status, timeout, unreachable). */
export const subgraphFetchHistogram = (metrics: Metrics): Histogram<'subgraph' | 'outcome'> =>
  new Histogram({
    name: 'subgraph_fetch_duration_seconds',
    help: 'Latency of fetches from the gateway to each subgraph',
    labelNames: ['subgraph', 'outcome'],
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [metrics.registry],
  });

/** The state of each subgraph as the gateway sees it, and of the live connections it holds. */
export function observeGateway(metrics: Metrics, subgraphs: SubgraphServices, live: LiveServer): void {
  metrics.labelledGauge(
    'subgraph_circuit_open',
    'Whether calls to a subgraph are suspended (1) after repeated failures',
    ['subgraph'],
    async () => [...subgraphs.circuits].map(([subgraph, circuit]) => [{ subgraph }, circuit.opened ? 1 : 0]),
  );
  metrics.labelledGauge('subgraph_up', 'Whether a subgraph is ready (1) by its readiness endpoint and circuit', ['subgraph'], async () =>
    subgraphs.health.names.map((subgraph) => [{ subgraph }, subgraphs.isUp(subgraph) ? 1 : 0]),
  );
  metrics.labelledGauge(
    'live_connections_open',
    'Open live connections, by transport (websocket, sse, multipart)',
    ['transport'],
    async () => liveTransports.map((transport) => [{ transport }, live.connections(transport)]),
  );
  metrics.labelledGauge(
    'live_subscriptions_open',
    'Open subscriptions, by transport (websocket, sse, multipart)',
    ['transport'],
    async () => liveTransports.map((transport) => [{ transport }, live.subscriptions(transport)]),
  );
}
