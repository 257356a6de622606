import { Histogram } from 'prom-client';
import type { Metrics } from '@taskgraph/kit';

/** Latency of every fetch to a subgraph, by subgraph and outcome (HTTP status, timeout, unreachable). */
export const subgraphFetchHistogram = (metrics: Metrics): Histogram<'subgraph' | 'outcome'> =>
  new Histogram({
    name: 'subgraph_fetch_duration_seconds',
    help: 'Latency of fetches from the gateway to each subgraph',
    labelNames: ['subgraph', 'outcome'],
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [metrics.registry],
  });
