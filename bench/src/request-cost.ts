/**
 * `npm run bench:cost`: what one request costs, process by process. One stack at a time, this
 * build's (with BENCH_BASELINE=<git ref>, that build's first, over a copy of the same data), each
 * through its own gateway after COST_WARM_SECONDS (40) of load, each peer operation at
 * COST_CONNECTIONS (16) for COST_ROUNDS (3) slices of COST_SLICE_SECONDS (5): requests per
 * second, p50 and p99, and the CPU time per request of the gateway, each subgraph, Postgres
 * (every `postgres` process on the machine) and the load generator itself. Where `npm run bench`
 * compares builds slice by slice, this adds up where a request's time goes, Postgres included.
 * Prints Markdown; writes nothing.
 */
import { copyTestEnvironment, type TestEnvironment } from '@taskgraph/kit/testing';
import { buildBaseline } from './baseline.js';
import { PRODUCTION } from './contenders.js';
import { runSlice, type Slice } from './measure.js';
import { PEER_SETTINGS, seededEnvironment } from './peer-data.js';
import { peerOperations } from './peer-operations.js';
import { type Cell, cellOf, requestsOf } from './peers.js';
import { graphqlUrl, startProcessStack } from './process-stack.js';
import { cpuSecondsOfCommand } from './processes.js';
import { runBenchmark } from './run-benchmark.js';
import type { Seed } from './seed.js';
import { round } from './stats.js';

const CONNECTIONS = Number(process.env.COST_CONNECTIONS ?? 16);
const WARM_SECONDS = Number(process.env.COST_WARM_SECONDS ?? 40);
const SLICE_SECONDS = Number(process.env.COST_SLICE_SECONDS ?? 5);
const ROUNDS = Number(process.env.COST_ROUNDS ?? 3);
const BASELINE = process.env.BENCH_BASELINE;
const SUBGRAPHS = ['users', 'projects', 'tasks'] as const;

const log = (message: string) => console.log(`[cost ${new Date().toISOString().slice(11, 19)}] ${message}`);
const ownCpuSeconds = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};

/** A cell of one stack, with the CPU per request of every process it takes (ms, by process). */
type Row = Cell & { cpu: Record<string, number> };

/** Starts one stack over `environment`, warms it, times every operation, stops it. */
async function measureStack(name: string, environment: TestEnvironment, data: Seed, root?: string): Promise<Row[]> {
  log(`${name}: starting its subgraphs and gateway`);
  const stack = await startProcessStack(PEER_SETTINGS, { environment, ...(root ? { root } : {}) });
  try {
    const gateway = await stack.startGateway(PRODUCTION);
    const url = graphqlUrl(gateway);
    const subgraphs = Object.fromEntries(SUBGRAPHS.map((subgraph) => [subgraph, stack.subgraphs[subgraph]]));
    for (const operation of peerOperations)
      await runSlice(url, CONNECTIONS, WARM_SECONDS / peerOperations.length, requestsOf(operation, data));
    const rows: Row[] = [];
    for (const operation of peerOperations) {
      const next = requestsOf(operation, data);
      const [postgresBefore, ownBefore] = [await cpuSecondsOfCommand('postgres'), ownCpuSeconds()];
      const slices: Slice[] = [];
      for (let slice = 0; slice < ROUNDS; slice++) slices.push(await runSlice(url, CONNECTIONS, SLICE_SECONDS, next, gateway, subgraphs));
      const [postgres, own] = [(await cpuSecondsOfCommand('postgres')) - postgresBefore, ownCpuSeconds() - ownBefore];
      const cell = cellOf(operation.name, CONNECTIONS, name, slices);
      const perRequest = (cpuSeconds: number) => round((cpuSeconds * 1000) / cell.count, 2);
      rows.push({
        ...cell,
        cpu: {
          gateway: cell.cpuMsPerRequest,
          ...Object.fromEntries(SUBGRAPHS.map((subgraph) => [subgraph, cell.subgraphs[subgraph]?.cpuMsPerRequest ?? 0])),
          postgres: perRequest(postgres),
          'load generator': perRequest(own),
        },
      });
      log(`${name} ${operation.name} × ${CONNECTIONS}: ${rows.at(-1)!.requestsPerSecond} req/s`);
    }
    return rows;
  } finally {
    await stack.stopServices();
  }
}

await runBenchmark(async (cleanups) => {
  log(`seeding${BASELINE ? `, and building the baseline ${BASELINE} meanwhile` : ''}`);
  const building = BASELINE ? buildBaseline(BASELINE, log) : null;
  building?.catch(() => undefined);
  const seeded = await seededEnvironment(log);
  cleanups.push(() => seeded.stack.environment.cleanup());
  const rows: Row[] = [];
  const baseline = building ? await building : null;
  if (baseline) {
    cleanups.push(() => baseline.remove());
    const copy = await copyTestEnvironment(seeded.stack.environment);
    cleanups.push(() => copy.cleanup());
    rows.push(...(await measureStack(`baseline (${baseline.ref})`, copy, seeded.data, baseline.root)));
  }
  rows.push(...(await measureStack('this build', seeded.stack.environment, seeded.data)));
  const processes = Object.keys(rows[0]!.cpu);
  console.log(`\nCPU ms per request at ${CONNECTIONS} connections (${ROUNDS} × ${SLICE_SECONDS} s after ${WARM_SECONDS} s of load)\n`);
  console.log(`| operation | stack | req/s | p50 ms | p99 ms | errors | ${processes.join(' | ')} | total |`);
  console.log(`|---|---|---:|---:|---:|---:|${processes.map(() => '---:|').join('')}---:|`);
  for (const row of rows.sort((a, b) => a.operation.localeCompare(b.operation)))
    console.log(
      `| ${row.operation} | ${row.target} | ${row.requestsPerSecond} | ${row.p50} | ${row.p99} | ${row.errors} | ${processes
        .map((name) => row.cpu[name])
        .join(' | ')} | ${round(
        Object.values(row.cpu).reduce((sum, ms) => sum + ms, 0),
        2,
      )} |`,
    );
  return { failed: rows.some((row) => row.errors > 0) };
});
