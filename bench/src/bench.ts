/**
 * `npm run bench`: this project's gateway against Hive Gateway (on its defaults and with Hive
 * Router's query planner) and a bare @apollo/gateway over the same subgraph processes and seeded
 * data, and, with BENCH_BASELINE=<git ref>, that build's whole stack over a copy of the same data,
 * timed head to head with this build once the peers are done;
 * what each subgraph spends per request beside its floor, the gateway's overhead over a direct
 * subgraph call, SQL statements per request, and subscription delivery, in one run. Writes the
 * report into docs/benchmarks.md (with docs/benchmarks-gateways.svg) and the raw figures to
 * bench/results/bench.json. BENCH_SLICE_SECONDS and BENCH_ROUNDS shorten or lengthen it.
 * BENCH_FOCUS=<operation>:<connections> (e.g. `me:16`) times that one cell and prints it, for
 * trying a change: nothing else is measured and the report is left alone.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '@taskgraph/kit/processes';
import { copyTestEnvironment } from '@taskgraph/kit/testing';
import { type BaselineBuild, buildBaseline } from './baseline.js';
import { type Contender, startContenders } from './contenders.js';
import { graphql } from './graphql-http.js';
import { runSlice } from './measure.js';
import { PEER_SEED, PEER_SETTINGS, seededEnvironment } from './peer-data.js';
import { peerOperations } from './peer-operations.js';
import { type Cell, compareTargets, requestsOf, type SlicePlan, type Target } from './peers.js';
import { type ProcessStack, startProcessStack } from './process-stack.js';
import { profileFlags } from './profile.js';
import { type BenchResults, writeReport } from './report.js';
import type { Seed } from './seed.js';
import { countPeerStatements, statementTable } from './sql-count.js';
import { round } from './stats.js';
import { runSubscriptionBenchmark } from './subscription-bench.js';

const CONNECTIONS = [1, 16, 64];
const [focusOperation, focusConnections] = process.env.BENCH_FOCUS?.split(':') ?? [];
const focused = (operation: string, connections: number) =>
  !focusOperation || (operation === focusOperation && (!focusConnections || connections === Number(focusConnections)));
const SLICES: SlicePlan = {
  sliceSeconds: Number(process.env.BENCH_SLICE_SECONDS ?? 3),
  rounds: Number(process.env.BENCH_ROUNDS ?? 3),
  warmSeconds: 1,
};
const BASELINE = process.env.BENCH_BASELINE;
/**
 * Load on the baseline alone before the head-to-head phase, shared between the operations.
 * This build's stack has served the peers' rotation for minutes by then; with a 10 s warm-up,
 * identical builds measured 1.2–1.5× apart, after 45 s of load 0.99×: V8 takes that long to
 * bring a stack to its steady state.
 */
const BASELINE_WARM_SECONDS = 48;
const startedAt = Date.now();
const log = (message: string) => console.log(`[bench ${((Date.now() - startedAt) / 1000).toFixed(0).padStart(4)} s] ${message}`);

async function version(name: string): Promise<string> {
  return (JSON.parse(await readFile(path.join(repoRoot, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
}

/** Every contender must give the same answer to the same request, or the timings compare different work. */
async function checkSameAnswers(contenders: Contender[], data: Seed): Promise<void> {
  for (const operation of peerOperations) {
    const answers = await Promise.all(
      contenders.map(async (contender) =>
        JSON.stringify(await graphql(contender.url, operation.query, operation.variables(data, 1, operation.page), data.users[1]!.token)),
      ),
    );
    const first = answers[0]!;
    if (!first.includes('"data"') || first.includes('"errors"'))
      throw new Error(`${operation.name} failed on ${contenders[0]!.name}: ${first.slice(0, 500)}`);
    answers.forEach((answer, i) => {
      if (answer !== first)
        throw new Error(
          `${contenders[i]!.name} answers ${operation.name} differently:\n${answer.slice(0, 500)}\nvs\n${first.slice(0, 500)}`,
        );
    });
  }
}

async function peerPart(): Promise<Pick<BenchResults, 'contenders' | 'cells' | 'headToHead' | 'overhead' | 'baseline'> & { data: Seed }> {
  log(`seeding${BASELINE ? `, and building the baseline ${BASELINE} meanwhile` : ''}`);
  const building = BASELINE ? buildBaseline(BASELINE, log) : null;
  // A failed seeding must not leave the build running unobserved.
  building?.catch(() => undefined);
  const cleanups: (() => Promise<unknown>)[] = [];
  try {
    const seeded = await seededEnvironment(log);
    cleanups.push(() => seeded.stack.environment.cleanup());
    const baselineBuild: BaselineBuild | null = building ? await building : null;
    if (baselineBuild) cleanups.push(() => baselineBuild.remove());
    const baselineEnvironment = baselineBuild ? await copyTestEnvironment(seeded.stack.environment) : null;
    if (baselineEnvironment) cleanups.push(() => baselineEnvironment.cleanup());
    log("starting the subgraphs and the gateways as processes: this build's, Hive Gateway (two ways), a bare @apollo/gateway");
    const stack = await startProcessStack(PEER_SETTINGS, { environment: seeded.stack.environment, subgraphFlags: profileFlags });
    cleanups.push(() => stack.stopServices());
    let baselineStack: ProcessStack | null = null;
    if (baselineBuild && baselineEnvironment) {
      log(`starting the baseline's subgraphs and gateway (${baselineBuild.ref}, ${baselineBuild.commit.slice(0, 12)})`);
      const started = await startProcessStack(PEER_SETTINGS, {
        root: baselineBuild.root,
        environment: baselineEnvironment,
        subgraphFlags: (name) => profileFlags(`baseline-${name}`),
      });
      cleanups.push(() => started.stopServices());
      baselineStack = started;
    }
    const baseline = baselineBuild && baselineStack ? { ref: baselineBuild.ref, commit: baselineBuild.commit } : null;
    const contenders = await startContenders(
      stack,
      baselineStack && baseline
        ? {
            stack: baselineStack,
            label: `the baseline: ${baseline.ref} (${baseline.commit.slice(0, 12)}), its gateway and subgraphs over a copy of the same data`,
          }
        : undefined,
    );
    const data = seeded.data;
    await checkSameAnswers(contenders, data);
    log(`all ${contenders.length} gateways give the same answers`);
    const cells: Cell[] = [];
    const headToHead: Cell[] = [];
    const gateways = contenders.filter((contender) => contender.name !== 'baseline');
    const baselineContender = contenders.find((contender) => contender.name === 'baseline');
    const summary = (measured: Cell[]) =>
      measured
        .map((cell) => `${cell.target} ${cell.requestsPerSecond}/s p99 ${cell.p99} ms${cell.errors ? ` ${cell.errors} errors` : ''}`)
        .join(', ');
    const costLine = (cell: Cell) =>
      `  ${cell.target}'s subgraphs: ${Object.entries(cell.subgraphs)
        .map(([name, cost]) => `${name} ${cost.fetchesPerRequest} fetches, ${cost.msPerFetch} ms and ${cost.cpuMsPerFetch} ms CPU each`)
        .join('; ')}`;
    const cellsToTime = peerOperations.flatMap((operation) =>
      CONNECTIONS.filter((connections) => focused(operation.name, connections)).map((connections) => ({ operation, connections })),
    );
    for (const { operation, connections } of cellsToTime) {
      const measured = await compareTargets(gateways, operation, data, connections, SLICES);
      cells.push(...measured);
      log(`${operation.name} × ${connections}: ${summary(measured)}`);
      if (!baselineContender) log(costLine(measured[0]!));
    }
    if (baselineContender) {
      // A phase of its own: in the peers' rotation this build's subgraphs, which serve the peers
      // too, are busy four slices in five and the baseline's idle. Here the two alternate, once
      // the baseline has had as much load as it takes to be as warm as this build.
      for (const operation of peerOperations)
        await runSlice(baselineContender.url, 16, BASELINE_WARM_SECONDS / peerOperations.length, requestsOf(operation, data));
      for (const { operation, connections } of cellsToTime) {
        const pair = await compareTargets([gateways[0]!, baselineContender], operation, data, connections, SLICES);
        headToHead.push(...pair);
        cells.push(pair[1]!);
        log(`${operation.name} × ${connections}, head to head: ${summary(pair)}`);
        for (const cell of pair) log(costLine(cell));
      }
    }
    const ours = contenders[0]!;
    const direct: Target = {
      name: 'users subgraph (direct)',
      url: `${stack.subgraphs.users.origin}/graphql`,
      process: stack.subgraphs.users,
    };
    const overhead: Cell[] = [];
    for (const connections of [1, 16]) {
      if (!focused(peerOperations[0]!.name, connections)) continue;
      const measured = await compareTargets([direct, ours], peerOperations[0]!, data, connections, SLICES);
      overhead.push(...measured);
      log(`overhead × ${connections}: ${measured.map((cell) => `${cell.target} p50 ${cell.p50} ms`).join(', ')}`);
    }
    return { contenders: contenders.map(({ name, label }) => ({ name, label })), cells, headToHead, overhead, data, baseline };
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup().catch((error: unknown) => console.error(error));
  }
}

const peers = await peerPart();
if (focusOperation) process.exit(0);
log('SQL statements per request (the stack in this process, as the N+1 test runs it)');
const { statements, floors } = await countPeerStatements(log);
console.log(statementTable(statements));
log('subscriptions: 1, 100 and 5,000 subscribers');
const subscriptions = await runSubscriptionBenchmark(log);

const results: BenchResults = {
  date: new Date().toISOString(),
  minutes: round((Date.now() - startedAt) / 60_000),
  machine: { cores: os.cpus().length, cpu: os.cpus()[0]?.model ?? 'cpu', memoryGiB: round(os.totalmem() / 2 ** 30), node: process.version },
  versions: {
    '@apollo/gateway': await version('@apollo/gateway'),
    '@graphql-hive/gateway': await version('@graphql-hive/gateway'),
    autocannon: await version('autocannon'),
  },
  plan: {
    connections: CONNECTIONS,
    sliceSeconds: SLICES.sliceSeconds,
    rounds: SLICES.rounds,
    users: peers.data.users.length,
    tokens: peers.data.users.reduce((sum, user) => sum + user.tokens.length, 0),
    tasks: peers.data.projects.reduce((sum, project) => sum + project.taskIds.length, 0),
    comments: Math.ceil(PEER_SEED.tasksPerProject / PEER_SEED.commentEvery) * PEER_SEED.commentsPerTask * PEER_SEED.projects,
  },
  baseline: peers.baseline,
  contenders: peers.contenders,
  operations: peerOperations.map(({ name, description }) => ({ name, description })),
  cells: peers.cells,
  headToHead: peers.headToHead,
  overhead: peers.overhead,
  statements,
  floors,
  subscriptions,
};
await mkdir(path.join(repoRoot, 'bench/results'), { recursive: true });
await writeFile(path.join(repoRoot, 'bench/results/bench.json'), JSON.stringify(results, null, 2));
await writeReport(results);
log('report written to docs/benchmarks.md and docs/benchmarks-gateways.svg; raw figures in bench/results/bench.json');
process.exit(0);
