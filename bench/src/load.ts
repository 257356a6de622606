/**
 * `npm run bench:load`: a mixed workload held for LOAD_SECONDS (default 300) against every
 * service running as a process of its own. Many users with tokens of their own query, mutate
 * and hold subscriptions through the gateway; the run reports throughput, latency and errors per
 * operation, subscription deliveries, and each process's memory at start, middle and end with
 * its trend. Writes bench/results/load.json. With BENCH_BASELINE=<git ref>, that build's whole
 * stack runs beside this one over a copy of the same seeded data, the load alternating between
 * them in slices of LOAD_SLICE_SECONDS (default 30), LOAD_SECONDS each, and the report gives this
 * build's figures over the baseline's. BENCH_CPU_PROF=<folder> writes this build's processes' CPU
 * profiles there, as `npm run bench` does.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { copyTestEnvironment } from '@taskgraph/kit/testing';
import { buildBaseline } from './baseline.js';
import { graphql } from './graphql-http.js';
import { type LiveSummary, LiveWatch } from './live-watch.js';
import { type MemorySample, type MemorySummary, MemoryWatch } from './memory.js';
import { graphqlUrl, type ProcessStack, startProcessStack } from './process-stack.js';
import type { ServiceProcess } from './processes.js';
import { profileFlags } from './profile.js';
import { runBenchmark } from './run-benchmark.js';
import { type Seed, seed } from './seed.js';
import { settle } from './settle.js';
import { type LatencySummary, round, summarize } from './stats.js';
import { type Actor, actorsOf, drawOperation, operations } from './workload.js';

const SECONDS = Number(process.env.LOAD_SECONDS ?? 300);
const SLICE_SECONDS = Number(process.env.LOAD_SLICE_SECONDS ?? 30);
/**
 * Load on each stack before anything is measured. A stack's first minute runs cold (V8 compiling,
 * heaps sizing): without it, the stack measured first paid for that, and identical builds of
 * `npm run bench` measured 1.2–1.5× apart until each had had 45 s of load.
 */
const WARM_SECONDS = Number(process.env.LOAD_WARM_SECONDS ?? 45);
const CONCURRENCY = Number(process.env.LOAD_CONCURRENCY ?? 16);
const USERS = Number(process.env.LOAD_USERS ?? 24);
const BASELINE = process.env.BENCH_BASELINE;
const SAMPLE_EVERY_MS = Math.max(2000, (SECONDS * 1000) / 40);
/** Time for the events of the last mutations to reach their subscribers before counting. */
const DRAIN_MS = 3000;
/**
 * Tokens must outlive seeding and the run; budgets are per user and per address, and every
 * simulated user comes from one address. Two stacks' pools must fit in one Postgres's connections.
 */
const SETTINGS = {
  DATABASE_POOL_MAX: '6',
  ACCESS_TOKEN_TTL_SECONDS: '7200',
  RATE_LIMIT_PER_USER: '10000000',
  RATE_LIMIT_PER_ADDRESS: '10000000',
  WS_MAX_UNAUTHENTICATED_PER_ADDRESS: '10000',
  RIGHTS_WAIT_MS: '60000',
};

const log = (message: string) => console.log(`[load ${new Date().toISOString().slice(11, 19)}] ${message}`);

type Throughput = LatencySummary & { perSecond: number; errors: number };

interface LoadReport {
  name: string;
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

/** One stack under load: its gateway, its own copy of what the workload knows, its subscribers and counts. */
class LoadedStack {
  readonly buckets = new Map(operations.map((operation) => [operation.name, { latencies: [], errors: 0 } as Bucket]));
  readonly firstErrors: string[] = [];
  readonly actors: Actor[];
  readonly live: LiveWatch;
  readonly memory: MemoryWatch;
  /** Seconds of load it has had. */
  seconds = 0;

  constructor(
    readonly name: string,
    readonly url: string,
    readonly stack: ProcessStack,
    gateway: ServiceProcess,
    data: Seed,
  ) {
    this.actors = actorsOf(structuredClone(data));
    this.live = new LiveWatch(url, this.actors);
    this.memory = new MemoryWatch([...Object.values(stack.subgraphs), gateway]);
  }

  get done(): number {
    return [...this.buckets.values()].reduce((sum, bucket) => sum + bucket.latencies.length, 0);
  }

  get errors(): number {
    return [...this.buckets.values()].reduce((sum, bucket) => sum + bucket.errors, 0);
  }

  /** Load that is not measured (errors still count). */
  async warm(seconds: number): Promise<void> {
    await this.load(seconds);
    for (const bucket of this.buckets.values()) bucket.latencies.length = 0;
    this.seconds = 0;
  }

  /** CONCURRENCY workers sending operations back to back for `seconds`. */
  async load(seconds: number): Promise<void> {
    const started = performance.now();
    const until = started + seconds * 1000;
    await Promise.all(Array.from({ length: CONCURRENCY }, () => this.worker(until)));
    this.seconds += (performance.now() - started) / 1000;
  }

  private async worker(until: number): Promise<void> {
    while (performance.now() < until) {
      const actor = this.actors[Math.floor(Math.random() * this.actors.length)]!;
      const operation = drawOperation();
      const { query, variables } = operation.request(actor);
      const bucket = this.buckets.get(operation.name)!;
      const started = performance.now();
      try {
        const result = await graphql(this.url, query, variables, actor.user.token);
        bucket.latencies.push(performance.now() - started);
        if (result.status !== 200 || result.errors?.length || !result.data)
          throw new Error(`HTTP ${result.status} ${JSON.stringify(result.errors)}`);
        operation.after?.(actor, result.data);
      } catch (error) {
        bucket.errors += 1;
        if (this.firstErrors.length < 10)
          this.firstErrors.push(`${operation.name}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }

  report(tasks: number): LoadReport {
    const elapsed = this.seconds;
    const perOperation = operations.map((operation) => {
      const bucket = this.buckets.get(operation.name)!;
      return {
        operation: operation.name,
        kind: operation.kind,
        perSecond: round(bucket.latencies.length / elapsed),
        errors: bucket.errors,
        ...summarize(bucket.latencies),
      };
    });
    const all = [...this.buckets.values()];
    return {
      name: this.name,
      date: new Date().toISOString(),
      machine: {
        cores: os.cpus().length,
        cpu: os.cpus()[0]?.model ?? 'cpu',
        memoryGiB: round(os.totalmem() / 2 ** 30),
        node: process.version,
      },
      settings: { seconds: round(elapsed), concurrency: CONCURRENCY, users: USERS, tasks },
      total: {
        operations: this.done,
        perSecond: round(this.done / elapsed),
        errors: this.errors,
        ...summarize(all.flatMap((bucket) => bucket.latencies)),
      },
      perOperation,
      firstErrors: this.firstErrors,
      subscriptions: this.live.summary(),
      processes: this.memory.summaries(),
      samples: Object.fromEntries(this.memory.samples),
    };
  }
}

log(
  `seeding, then ${SECONDS} s of load, ${CONCURRENCY} concurrent requests, ${USERS} users${BASELINE ? `, beside the baseline ${BASELINE} in slices of ${SLICE_SECONDS} s` : ''}`,
);
const building = BASELINE ? buildBaseline(BASELINE, log) : null;
building?.catch(() => undefined);
await runBenchmark(async (cleanups) => {
  const seeding = await startProcessStack(SETTINGS);
  cleanups.push(() => seeding.stop());
  const data = await seed(
    graphqlUrl(await seeding.startGateway()),
    { users: USERS, projects: USERS, membersPerProject: 5, tasksPerProject: 40, commentEvery: 4, commentsPerTask: 2 },
    log,
  );
  await settle(seeding.env);
  await seeding.stopServices();
  const tasks = data.projects.reduce((sum, project) => sum + project.taskIds.length, 0);
  const loaded: LoadedStack[] = [];
  const baselineBuild = building ? await building : null;
  if (baselineBuild) cleanups.push(() => baselineBuild.remove());
  const baselineEnvironment = baselineBuild ? await copyTestEnvironment(seeding.environment) : null;
  if (baselineEnvironment) cleanups.push(() => baselineEnvironment.cleanup());
  const stack = await startProcessStack(SETTINGS, { environment: seeding.environment, subgraphFlags: profileFlags });
  cleanups.push(() => stack.stopServices());
  const gateway = await stack.startGateway({}, profileFlags('gateway'));
  loaded.push(new LoadedStack('taskgraph', graphqlUrl(gateway), stack, gateway, data));
  if (baselineBuild && baselineEnvironment) {
    log(`starting the baseline ${baselineBuild.ref} (${baselineBuild.commit.slice(0, 12)}) over a copy of the data`);
    const baseline = await startProcessStack(SETTINGS, { root: baselineBuild.root, environment: baselineEnvironment });
    cleanups.push(() => baseline.stopServices());
    const baselineGateway = await baseline.startGateway();
    loaded.push(new LoadedStack('baseline', graphqlUrl(baselineGateway), baseline, baselineGateway, data));
  }
  if (WARM_SECONDS > 0) {
    log(`warming each stack with ${WARM_SECONDS} s of the same load, not measured`);
    for (const each of loaded) await each.warm(WARM_SECONDS);
  }
  // Long enough for the events of the last warming mutations to reach every subscriber before counting starts.
  await sleep(DRAIN_MS);
  for (const each of loaded) {
    await each.memory.start(SAMPLE_EVERY_MS);
    each.live.startRecording();
  }
  log(`load: ${USERS} users, ${USERS} WebSockets with 2 subscriptions each${loaded.length > 1 ? ' on each stack' : ''}`);
  const slice = loaded.length > 1 ? SLICE_SECONDS : SECONDS;
  for (let turn = 0; loaded.some((each) => each.seconds < SECONDS - 0.5); turn++) {
    const order = turn % 2 ? [...loaded].reverse() : loaded;
    for (const each of order) {
      await each.load(Math.min(slice, SECONDS - each.seconds));
      log(
        `${each.name}: ${Math.round(each.seconds)} s, ${each.done} operations (${Math.round(each.done / each.seconds)}/s), ${each.errors} errors`,
      );
    }
  }
  await sleep(DRAIN_MS);
  const reports: LoadReport[] = [];
  for (const each of loaded) {
    await each.memory.stop();
    reports.push(each.report(tasks));
    await each.live.close();
  }
  for (const report of reports) printReport(report);
  if (reports.length > 1) printRatios(reports[0]!, reports[1]!);
  await mkdir(new URL('../../results/', import.meta.url), { recursive: true });
  await writeFile(new URL('../../results/load.json', import.meta.url), JSON.stringify(reports, null, 2));
  log('raw results: bench/results/load.json');
  return {
    failed: reports.some(
      (report) => report.total.errors > 0 || report.subscriptions.errors.length > 0 || report.subscriptions.taskChanged.missed > 0,
    ),
  };
});

/** This build's figures over the baseline's: what the targets of the mixed load are judged on. */
function printRatios(ours: LoadReport, baseline: LoadReport): void {
  const growth = (report: LoadReport) =>
    report.processes.map((p) => `${p.service} ${p.heapFloorMiB.firstHalf ?? '–'} → ${p.heapFloorMiB.secondHalf ?? '–'}`).join(', ');
  console.log(`
This build / the baseline (${BASELINE}):
`);
  console.log('| figure | this build | baseline | ratio |');
  console.log('|---|---:|---:|---:|');
  console.log(
    `| operations/s | ${ours.total.perSecond} | ${baseline.total.perSecond} | ${round(ours.total.perSecond / baseline.total.perSecond, 2)}× |`,
  );
  console.log(`| p99 ms | ${ours.total.p99} | ${baseline.total.p99} | ${round(ours.total.p99 / baseline.total.p99, 2)}× |`);
  console.log(`| errors | ${ours.total.errors} | ${baseline.total.errors} | |`);
  console.log(`| missed deliveries | ${ours.subscriptions.taskChanged.missed} | ${baseline.subscriptions.taskChanged.missed} | |`);
  console.log(`
Heap floor, first half → second half (MiB): this build: ${growth(ours)}; baseline: ${growth(baseline)}`);
}

function printReport(report: LoadReport): void {
  const { machine, settings, total } = report;
  console.log(
    `\nMixed load on ${report.name}: ${settings.seconds} s, ${settings.concurrency} concurrent requests, ${settings.users} users (${machine.cores} cores, ${machine.cpu}, Node ${machine.node})\n`,
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
