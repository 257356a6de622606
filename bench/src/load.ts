/**
 * `npm run bench:load`: a mixed workload held for LOAD_SECONDS (default 300) against every
 * service running as a process of its own. Many users with tokens of their own query, mutate
 * and hold subscriptions through the gateway; the run reports throughput, latency and errors per
 * operation, subscription deliveries, and each process's memory at start, middle and end with
 * its trend. Writes bench/results/load.json.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { graphql } from './graphql-http.js';
import { type LiveSummary, LiveWatch } from './live-watch.js';
import { type MemorySample, type MemorySummary, MemoryWatch } from './memory.js';
import { graphqlUrl, startProcessStack } from './process-stack.js';
import { seed } from './seed.js';
import { type LatencySummary, round, summarize } from './stats.js';
import { type Actor, actorsOf, drawOperation, operations } from './workload.js';

const SECONDS = Number(process.env.LOAD_SECONDS ?? 300);
const CONCURRENCY = Number(process.env.LOAD_CONCURRENCY ?? 16);
const USERS = Number(process.env.LOAD_USERS ?? 24);
const SAMPLE_EVERY_MS = Math.max(2000, (SECONDS * 1000) / 40);
/** Time for the events of the last mutations to reach their subscribers before counting. */
const DRAIN_MS = 3000;

const log = (message: string) => console.log(`[load ${new Date().toISOString().slice(11, 19)}] ${message}`);

type Throughput = LatencySummary & { perSecond: number; errors: number };

interface LoadReport {
  date: string;
  machine: { cores: number; cpu: string; memoryGiB: number; node: string };
  settings: { seconds: number; concurrency: number; users: number; tasks: number };
  total: Throughput & { operations: number };
  perOperation: (Throughput & { operation: string; kind: string })[];
  firstErrors: string[];
  subscriptions: LiveSummary;
  processes: MemorySummary[];
  samples: Record<string, MemorySample[]>;
}

interface Bucket {
  latencies: number[];
  errors: number;
}

const buckets = new Map(operations.map((operation) => [operation.name, { latencies: [], errors: 0 } as Bucket]));
const firstErrors: string[] = [];

async function worker(url: string, actors: Actor[], until: number): Promise<void> {
  while (performance.now() < until) {
    const actor = actors[Math.floor(Math.random() * actors.length)]!;
    const operation = drawOperation();
    const { query, variables } = operation.request(actor);
    const bucket = buckets.get(operation.name)!;
    const started = performance.now();
    try {
      const result = await graphql(url, query, variables, actor.user.token);
      bucket.latencies.push(performance.now() - started);
      if (result.status !== 200 || result.errors?.length || !result.data)
        throw new Error(`HTTP ${result.status} ${JSON.stringify(result.errors)}`);
      operation.after?.(actor, result.data);
    } catch (error) {
      bucket.errors += 1;
      if (firstErrors.length < 10) firstErrors.push(`${operation.name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

log(`starting the subgraphs and the gateway as processes (${SECONDS} s of load, ${CONCURRENCY} concurrent requests, ${USERS} users)`);
// Tokens must outlive seeding and the run; budgets are per user and per address, and every simulated user comes from one address.
const stack = await startProcessStack({
  ACCESS_TOKEN_TTL_SECONDS: '7200',
  RATE_LIMIT_PER_USER: '10000000',
  RATE_LIMIT_PER_ADDRESS: '10000000',
  WS_MAX_UNAUTHENTICATED_PER_ADDRESS: '10000',
});
let exitCode = 0;
try {
  const gateway = await stack.startGateway();
  const url = graphqlUrl(gateway);
  const data = await seed(
    url,
    { users: USERS, projects: USERS, membersPerProject: 5, tasksPerProject: 40, commentEvery: 4, commentsPerTask: 2 },
    log,
  );
  const actors = actorsOf(data);
  const live = new LiveWatch(url, actors);
  await sleep(2000);
  const memory = new MemoryWatch([...Object.values(stack.subgraphs), gateway]);
  await memory.start(SAMPLE_EVERY_MS);
  live.startRecording();
  log(`load: ${actors.length} users, ${actors.length} WebSockets with 2 subscriptions each`);

  const started = performance.now();
  const until = started + SECONDS * 1000;
  const progress = setInterval(() => {
    const done = [...buckets.values()].reduce((sum, bucket) => sum + bucket.latencies.length, 0);
    const errors = [...buckets.values()].reduce((sum, bucket) => sum + bucket.errors, 0);
    log(
      `${Math.round((performance.now() - started) / 1000)} s: ${done} operations (${Math.round(done / ((performance.now() - started) / 1000))}/s), ${errors} errors`,
    );
  }, 30_000);
  await Promise.all(Array.from({ length: CONCURRENCY }, () => worker(url, actors, until)));
  clearInterval(progress);
  const elapsed = (performance.now() - started) / 1000;
  await sleep(DRAIN_MS);
  await memory.stop();
  const liveSummary = live.summary();
  await live.close();

  const perOperation = operations.map((operation) => {
    const bucket = buckets.get(operation.name)!;
    return {
      operation: operation.name,
      kind: operation.kind,
      perSecond: round(bucket.latencies.length / elapsed),
      errors: bucket.errors,
      ...summarize(bucket.latencies),
    };
  });
  const all = [...buckets.values()];
  const total = {
    operations: all.reduce((sum, bucket) => sum + bucket.latencies.length, 0),
    perSecond: round(all.reduce((sum, bucket) => sum + bucket.latencies.length, 0) / elapsed),
    errors: all.reduce((sum, bucket) => sum + bucket.errors, 0),
    ...summarize(all.flatMap((bucket) => bucket.latencies)),
  };
  const processes = memory.summaries();
  const report: LoadReport = {
    date: new Date().toISOString(),
    machine: {
      cores: os.cpus().length,
      cpu: os.cpus()[0]?.model ?? 'cpu',
      memoryGiB: round(os.totalmem() / 2 ** 30),
      node: process.version,
    },
    settings: {
      seconds: SECONDS,
      concurrency: CONCURRENCY,
      users: USERS,
      tasks: data.projects.reduce((sum, project) => sum + project.taskIds.length, 0),
    },
    total,
    perOperation,
    firstErrors,
    subscriptions: liveSummary,
    processes,
    samples: Object.fromEntries(memory.samples),
  };
  printReport(report);
  await mkdir(new URL('../../results/', import.meta.url), { recursive: true });
  await writeFile(new URL('../../results/load.json', import.meta.url), JSON.stringify(report, null, 2));
  log('raw results: bench/results/load.json');
  if (total.errors || liveSummary.errors.length || liveSummary.taskChanged.missed) exitCode = 1;
} catch (error) {
  console.error(error);
  exitCode = 1;
} finally {
  await stack.stop();
}
process.exit(exitCode);

function printReport(report: LoadReport): void {
  const { machine, settings, total } = report;
  console.log(
    `\nMixed load: ${settings.seconds} s, ${settings.concurrency} concurrent requests, ${settings.users} users (${machine.cores} cores, ${machine.cpu}, Node ${machine.node})\n`,
  );
  console.log('| operation | type | ops/s | p50 ms | p95 ms | p99 ms | max ms | errors |');
  console.log('|---|---|---:|---:|---:|---:|---:|---:|');
  for (const row of report.perOperation)
    console.log(
      `| ${row.operation} | ${row.kind} | ${row.perSecond} | ${row.p50} | ${row.p95} | ${row.p99} | ${row.max} | ${row.errors} |`,
    );
  console.log(`| **all** | | **${total.perSecond}** | ${total.p50} | ${total.p95} | ${total.p99} | ${total.max} | **${total.errors}** |`);
  if (report.firstErrors.length) console.log(`\nFirst errors:\n${report.firstErrors.map((error) => `- ${error}`).join('\n')}`);
  const live = report.subscriptions;
  console.log(
    `\nSubscriptions: ${live.subscriptions} on ${live.connections} WebSockets, ${live.errors.length} errors${live.errors.length ? `: ${live.errors.join('; ')}` : ''}\n`,
  );
  console.log('| subscription | deliveries | p50 ms | p95 ms | p99 ms | max ms | missed |');
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  const n = live.notificationAdded;
  const t = live.taskChanged;
  console.log(`| notificationAdded | ${n.deliveries} | ${n.latency.p50} | ${n.latency.p95} | ${n.latency.p99} | ${n.latency.max} | |`);
  console.log(
    `| taskChanged | ${t.deliveries} | ${t.latency.p50} | ${t.latency.p95} | ${t.latency.p99} | ${t.latency.max} | ${t.missed} |`,
  );
  console.log(
    '\n| process | RSS start MiB | middle | end | peak | RSS slope, 2nd half MiB/min | heap start MiB | heap end | heap floor 1st half | heap floor 2nd half | CPU cores |',
  );
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const p of report.processes) {
    console.log(
      `| ${p.service} | ${p.start.rssMiB} | ${p.middle.rssMiB} | ${p.end.rssMiB} | ${p.peakRssMiB} | ${p.rssSlopeMiBPerMin} | ${p.start.heapUsedMiB ?? '–'} | ${p.end.heapUsedMiB ?? '–'} | ${p.heapFloorMiB.firstHalf ?? '–'} | ${p.heapFloorMiB.secondHalf ?? '–'} | ${p.cpuCores} |`,
    );
  }
}
