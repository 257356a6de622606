/**
 * Side-by-side timing of several endpoints serving the same operation: slices of load
 * alternate between them (A B C, then C B A…) so that whatever drifts on the machine during
 * the run (other work, CPU frequency, a growing database) falls on each of them alike.
 */
import { runSlice, type Slice, type SliceRequest } from './measure.js';
import type { PeerOperation } from './peer-operations.js';
import type { ServiceProcess } from './processes.js';
import type { Seed } from './seed.js';
import { type LatencySummary, round, summarize } from './stats.js';
import { costs, type SubgraphCost, sumReadings } from './subgraph-cost.js';

export interface Target {
  name: string;
  url: string;
  process: ServiceProcess;
  /** The subgraphs behind it, whose cost per request is read too. */
  subgraphs?: Record<string, ServiceProcess>;
}

export interface Cell extends LatencySummary {
  operation: string;
  connections: number;
  target: string;
  requestsPerSecond: number;
  errors: number;
  /** The serving process's CPU time over wall time while it was loaded: 1 is one core. */
  cpuCores: number;
  /** The serving process's CPU time per request, in milliseconds. */
  cpuMsPerRequest: number;
  peakRssMiB: number;
  subgraphs: Record<string, SubgraphCost>;
}

export interface SlicePlan {
  sliceSeconds: number;
  /** Slices per target; the order of targets reverses every round. */
  rounds: number;
  /** An untimed slice per target first, so that none is measured cold. */
  warmSeconds: number;
}

/** The operation's requests, one per access token of every seeded user, taken in turn: users alternate, then their tokens. */
export function requestsOf(operation: PeerOperation, seed: Seed): () => SliceRequest {
  const rounds = Math.max(...seed.users.map((user) => user.tokens.length));
  const requests = Array.from({ length: rounds }, (_, t) =>
    seed.users.map((user, index) => ({
      token: user.tokens[t % user.tokens.length]!,
      body: JSON.stringify({ query: operation.query, variables: operation.variables(seed, index, operation.page) }),
    })),
  ).flat();
  let next = 0;
  return () => requests[next++ % requests.length]!;
}

export async function compareTargets(
  targets: Target[],
  operation: PeerOperation,
  seed: Seed,
  connections: number,
  plan: SlicePlan,
): Promise<Cell[]> {
  const next = requestsOf(operation, seed);
  for (const target of targets) await runSlice(target.url, connections, plan.warmSeconds, next);
  const slices = new Map<string, Slice[]>(targets.map((target) => [target.name, []]));
  for (let r = 0; r < plan.rounds; r++) {
    const order = r % 2 ? [...targets].reverse() : targets;
    for (const target of order)
      slices.get(target.name)!.push(await runSlice(target.url, connections, plan.sliceSeconds, next, target.process, target.subgraphs));
  }
  return targets.map((target) => cellOf(operation.name, connections, target.name, slices.get(target.name)!));
}

/** What the slices one target served of a cell add up to. */
export function cellOf(operation: string, connections: number, target: string, taken: Slice[]): Cell {
  const seconds = taken.reduce((sum, slice) => sum + slice.seconds, 0);
  const requests = taken.reduce((sum, slice) => sum + slice.requests, 0);
  const cpuSeconds = taken.reduce((sum, slice) => sum + slice.cpuSeconds, 0);
  return {
    operation,
    connections,
    target,
    requestsPerSecond: round(requests / seconds, 0),
    ...summarize(taken.flatMap((slice) => slice.latencies)),
    errors: taken.reduce((sum, slice) => sum + slice.errors, 0),
    cpuCores: round(cpuSeconds / seconds, 2),
    cpuMsPerRequest: round((cpuSeconds * 1000) / requests, 2),
    peakRssMiB: round(Math.max(...taken.map((slice) => slice.peakRssMiB))),
    subgraphs: costs(sumReadings(taken.map((slice) => slice.subgraphs)), requests),
  };
}
