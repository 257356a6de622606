/**
 * What the subgraphs behind a gateway spend on its requests: each subgraph process's CPU time
 * (from /proc) and the operations it served with their summed latency (from its Prometheus
 * histogram), read before and after a slice of load.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { ServiceProcess } from './processes.js';
import { round } from './stats.js';

export interface SubgraphReading {
  cpuSeconds: number;
  /** Operations served (the gateway's fetches) and their summed duration. */
  fetches: number;
  fetchSeconds: number;
}

export interface SubgraphCost {
  fetchesPerRequest: number;
  /** The subgraph's own latency per fetch, as its histogram measures it (parse to response). */
  msPerFetch: number;
  /** The subgraph process's CPU time per gateway request, and per fetch. */
  cpuMsPerRequest: number;
  cpuMsPerFetch: number;
}

const sumOf = (metrics: string, name: string): number =>
  [...metrics.matchAll(new RegExp(`^${name}(?:\\{[^}]*\\})? ([\\d.e+-]+)$`, 'gm'))].reduce((sum, match) => sum + Number(match[1]), 0);

export async function readSubgraph(service: ServiceProcess): Promise<SubgraphReading> {
  const [sample, metrics] = await Promise.all([service.sample(), fetch(`${service.origin}/metrics`).then((response) => response.text())]);
  return {
    cpuSeconds: sample.cpuSeconds,
    fetches: sumOf(metrics, 'graphql_operation_duration_seconds_count'),
    fetchSeconds: sumOf(metrics, 'graphql_operation_duration_seconds_sum'),
  };
}

export async function readSubgraphs(subgraphs: Record<string, ServiceProcess>): Promise<Record<string, SubgraphReading>> {
  const entries = await Promise.all(Object.entries(subgraphs).map(async ([name, service]) => [name, await readSubgraph(service)] as const));
  return Object.fromEntries(entries);
}

const SETTLE_STEP_MS = 250;
const SETTLE_MAX_MS = 10_000;

/**
 * The readings once the subgraphs have finished what was sent to them: a slice ends with its
 * last requests still in the subgraphs (seconds of them on a loaded machine), and what they cost
 * belongs to that slice, not to the next endpoint's, which may share the same subgraphs.
 */
export async function settledReadings(subgraphs: Record<string, ServiceProcess>): Promise<Record<string, SubgraphReading>> {
  const total = (readings: Record<string, SubgraphReading>) => Object.values(readings).reduce((sum, reading) => sum + reading.fetches, 0);
  let readings = await readSubgraphs(subgraphs);
  for (let waited = 0; waited < SETTLE_MAX_MS; waited += SETTLE_STEP_MS) {
    await sleep(SETTLE_STEP_MS);
    const next = await readSubgraphs(subgraphs);
    if (total(next) === total(readings)) return next;
    readings = next;
  }
  return readings;
}

export const difference = (after: SubgraphReading, before: SubgraphReading): SubgraphReading => ({
  cpuSeconds: after.cpuSeconds - before.cpuSeconds,
  fetches: after.fetches - before.fetches,
  fetchSeconds: after.fetchSeconds - before.fetchSeconds,
});

/** The readings of several slices added up, subgraph by subgraph. */
export function sumReadings(slices: Record<string, SubgraphReading>[]): Record<string, SubgraphReading> {
  const total: Record<string, SubgraphReading> = {};
  for (const readings of slices)
    for (const [name, reading] of Object.entries(readings)) {
      const sum = total[name];
      total[name] = sum
        ? {
            cpuSeconds: sum.cpuSeconds + reading.cpuSeconds,
            fetches: sum.fetches + reading.fetches,
            fetchSeconds: sum.fetchSeconds + reading.fetchSeconds,
          }
        : reading;
    }
  return total;
}

/** Per request and per fetch; subgraphs the operation does not reach (no fetch) are left out. */
export function costs(readings: Record<string, SubgraphReading>, requests: number): Record<string, SubgraphCost> {
  return Object.fromEntries(
    Object.entries(readings)
      .filter(([, reading]) => reading.fetches > 0)
      .map(([name, reading]) => [
        name,
        {
          fetchesPerRequest: round(reading.fetches / requests, 2),
          msPerFetch: round((reading.fetchSeconds * 1000) / reading.fetches, 2),
          cpuMsPerRequest: round((reading.cpuSeconds * 1000) / requests, 2),
          cpuMsPerFetch: round((reading.cpuSeconds * 1000) / reading.fetches, 2),
        },
      ]),
  );
}
