/**
 * The report of `npm run bench`: Markdown tables with the targets' verdicts, written into
 * docs/benchmarks.md between its markers, and a chart of throughput beside it.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { repoRoot } from '@taskgraph/kit/processes';
import { barChartSvg } from './chart.js';
import type { Cell } from './peers.js';
import { type Floor, floorRows, type StatementCounts, statementTable } from './sql-count.js';
import { round } from './stats.js';
import { type SubscriptionRow, subscriptionTable } from './subscription-bench.js';

export interface BenchResults {
  date: string;
  minutes: number;
  machine: { cores: number; cpu: string; memoryGiB: number; node: string };
  versions: Record<string, string>;
  plan: { connections: number[]; sliceSeconds: number; rounds: number; users: number; tokens: number; tasks: number; comments: number };
  /** The build compared against (BENCH_BASELINE), when there was one. */
  baseline: { ref: string; commit: string } | null;
  contenders: { name: string; label: string }[];
  operations: { name: string; description: string }[];
  /** Every contender of each cell; the baseline's from the head-to-head run. */
  cells: Cell[];
  /**
   * This build and the baseline timed alone, head to head (slices alternating between the two):
   * what the ratios to the baseline are judged on. With the three peers in the same rotation,
   * this build's subgraphs (which serve the peers too) were busy four slices in five and the
   * baseline's idle, and an A/A run came out at 1.3× for identical builds.
   */
  headToHead: Cell[];
  overhead: Cell[];
  statements: StatementCounts[];
  floors: Floor[];
  subscriptions: SubscriptionRow[];
}

const OURS = 'taskgraph';
const BASELINE = 'baseline';
const PEERS = ['hive', 'hive-router', 'apollo-bare'];
/** The operations and concurrencies the baseline target (2× its throughput) applies to. */
const MULTI_SUBGRAPH = ['project-tasks', 'deep', 'board'];
const LOADED = [16, 64];
const BEGIN = '<!-- npm run bench: begin (generated, do not edit) -->';
const END = '<!-- npm run bench: end -->';
const CHART = 'benchmarks-gateways.svg';
const COLORS: Record<string, string> = {
  taskgraph: '#2b6cb0',
  hive: '#d69e2e',
  'hive-router': '#c05621',
  'apollo-bare': '#718096',
  baseline: '#9f7aea',
};

const find = (cells: Cell[], operation: string, connections: number, target: string): Cell | undefined =>
  cells.find((cell) => cell.operation === operation && cell.connections === connections && cell.target === target);

const cellRow = (cell: Cell): string =>
  `| ${cell.operation} | ${cell.connections} | ${cell.target} | ${cell.requestsPerSecond} | ${cell.p50} | ${cell.p95} | ${cell.p99} | ${cell.max} | ${cell.errors} | ${cell.cpuCores} | ${cell.peakRssMiB} |`;
const CELL_HEADER = [
  '| operation | connections | endpoint | req/s | p50 ms | p95 ms | p99 ms | max ms | errors | CPU cores | peak RSS MiB |',
  '|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|',
];

const verdict = (met: boolean): string => (met ? 'met' : '**missed**');

/** a / b as a figure for the report: none when b did nothing at all. */
const ratio = (a: number, b: number): string => (b > 0 ? `${round(a / b, 2)}×` : '–');

/** This build against the baseline, per operation and concurrency: the ratios the baseline target is judged on. */
function baselineRows(results: BenchResults): string[] {
  const rows = [
    '| operation | connections | req/s this / baseline | ratio | p99 ms this / baseline | target (≥ 2.0× req/s, p99 no worse, on multi-subgraph work at 16 and 64) |',
    '|---|---:|---|---:|---|---|',
  ];
  for (const { name } of results.operations) {
    for (const connections of results.plan.connections) {
      const ours = find(results.headToHead, name, connections, OURS);
      const base = find(results.headToHead, name, connections, BASELINE);
      if (!ours || !base) continue;
      const judged = MULTI_SUBGRAPH.includes(name) && LOADED.includes(connections);
      const met = ours.requestsPerSecond >= 2 * base.requestsPerSecond && ours.p99 <= base.p99;
      rows.push(
        `| ${name} | ${connections} | ${ours.requestsPerSecond} / ${base.requestsPerSecond} | ${ratio(ours.requestsPerSecond, base.requestsPerSecond)} | ${ours.p99} / ${base.p99} | ${judged ? verdict(met) : '–'} |`,
      );
    }
  }
  return rows;
}

/** This build against the best peer gateway of each cell: throughput at least theirs, p99 at 16 and 64 no worse. */
function peerRows(results: BenchResults): string[] {
  const rows = [
    '| operation | connections | req/s ours / best peer | p99 ms ours / best peer | throughput ≥ 1.0× best | p99 no worse (16, 64) |',
    '|---|---:|---|---|---|---|',
  ];
  for (const { name } of results.operations) {
    for (const connections of results.plan.connections) {
      const ours = find(results.cells, name, connections, OURS);
      const peers = PEERS.map((peer) => find(results.cells, name, connections, peer)).filter((cell): cell is Cell => Boolean(cell));
      if (!ours || !peers.length) continue;
      const fastest = peers.reduce((best, cell) => (cell.requestsPerSecond > best.requestsPerSecond ? cell : best));
      const tightest = peers.reduce((best, cell) => (cell.p99 < best.p99 ? cell : best));
      rows.push(
        `| ${name} | ${connections} | ${ours.requestsPerSecond} / ${fastest.requestsPerSecond} (${fastest.target}) | ${ours.p99} / ${tightest.p99} (${tightest.target}) | ${verdict(ours.requestsPerSecond >= fastest.requestsPerSecond)} | ${LOADED.includes(connections) ? verdict(ours.p99 <= tightest.p99) : '–'} |`,
      );
    }
  }
  return rows;
}

/** Each subgraph's own latency and CPU per fetch of the multi-subgraph operations at 16 connections, this build and the baseline, beside its floor. */
function subgraphRows(results: BenchResults): string[] {
  const rows = [
    '| operation | subgraph | fetches per request | latency ms per fetch (this / baseline) | CPU ms per fetch (this / baseline) | floor CPU ms per fetch | this / floor (target ≤ 3) |',
    '|---|---|---:|---|---|---:|---|',
  ];
  for (const name of MULTI_SUBGRAPH) {
    const ours = find(results.headToHead, name, 16, OURS) ?? find(results.cells, name, 16, OURS);
    if (!ours) continue;
    const base = find(results.headToHead, name, 16, BASELINE);
    for (const [subgraph, cost] of Object.entries(ours.subgraphs)) {
      const before = base?.subgraphs[subgraph];
      const floor = results.floors.find((entry) => entry.operation === name && entry.subgraph === subgraph);
      const floorPerFetch = floor ? floor.cpuMs / floor.fetches : null;
      const times = floorPerFetch ? round(cost.cpuMsPerFetch / floorPerFetch, 1) : null;
      rows.push(
        `| ${name} | ${subgraph} | ${cost.fetchesPerRequest} | ${cost.msPerFetch} / ${before?.msPerFetch ?? '–'} | ${cost.cpuMsPerFetch} / ${before?.cpuMsPerFetch ?? '–'} | ${floorPerFetch === null ? '–' : round(floorPerFetch, 2)} | ${times === null ? '–' : `${verdict(times <= 3)}: ${times}×`} |`,
      );
    }
  }
  return rows;
}

function overheadRows(results: BenchResults): string[] {
  const rows = [
    '| connections | p50 direct ms | p50 through the gateway ms | overhead at p50 ms (target ≤ 1 at 1 connection) | req/s direct | req/s gateway |',
    '|---:|---:|---:|---|---:|---:|',
  ];
  for (const connections of [...new Set(results.overhead.map((cell) => cell.connections))]) {
    const direct = results.overhead.find((cell) => cell.connections === connections && cell.target !== OURS)!;
    const gateway = results.overhead.find((cell) => cell.connections === connections && cell.target === OURS)!;
    const overhead = round(gateway.p50 - direct.p50);
    rows.push(
      `| ${connections} | ${direct.p50} | ${gateway.p50} | ${connections === 1 ? `${verdict(overhead <= 1)}: ` : ''}${overhead} | ${direct.requestsPerSecond} | ${gateway.requestsPerSecond} |`,
    );
  }
  return rows;
}

export function reportMarkdown(results: BenchResults): string {
  const { machine, versions, plan } = results;
  return [
    BEGIN,
    '',
    `Measured ${results.date.slice(0, 10)} by \`npm run bench\` in ${results.minutes} minutes on ${machine.cores} cores (${machine.cpu}), ${machine.memoryGiB} GiB, Node.js ${machine.node}; ` +
      `${Object.entries(versions)
        .map(([name, version]) => `${name} ${version}`)
        .join(', ')}. ` +
      `Seeded: ${plan.users} users with ${plan.tokens} access tokens between them, ${plan.tasks} tasks, ${plan.comments} comments. Every request carries the next token (the next user's), so no two requests in flight are the same. ` +
      `Each figure is ${plan.rounds} slices of ${plan.sliceSeconds} s, alternating the endpoints (after an untimed warm-up slice each); CPU is the gateway process's CPU time over wall time (1 = one core), RSS its peak resident memory.`,
    '',
    ...results.contenders.map((contender) => `- **${contender.name}**: ${contender.label}`),
    ...results.operations.map((operation) => `- \`${operation.name}\`: ${operation.description}`),
    '',
    `![Requests per second by gateway, operation and connections](${CHART})`,
    '',
    ...CELL_HEADER,
    ...results.cells.map(cellRow),
    '',
    ...(results.baseline
      ? [
          `#### This build / the baseline (${results.baseline.ref}, ${results.baseline.commit.slice(0, 12)})`,
          '',
          ...baselineRows(results),
          '',
        ]
      : []),
    '#### Against the best peer gateway of each cell',
    '',
    ...peerRows(results),
    '',
    '#### Where the time goes: each subgraph per fetch at 16 connections, and its floor',
    '',
    "Latency is the subgraph's own (its `graphql_operation_duration_seconds`), CPU its process's CPU time over the slices divided by the fetches it served; the floor is the same SQL statements run with `pg` from one client plus serializing the same response JSON (`JSON.stringify`), timed in the benchmark process.",
    '',
    ...subgraphRows(results),
    '',
    ...floorRows(results.floors),
    '',
    "#### Gateway overhead: `me` straight to the users subgraph, and through this project's gateway",
    '',
    ...overheadRows(results),
    '',
    '#### SQL statements per request',
    '',
    statementTable(results.statements),
    '',
    '#### Subscriptions (`taskChanged`, mutation sent → result received)',
    '',
    subscriptionTable(results.subscriptions),
    '',
    END,
  ].join('\n');
}

/** Puts the report between the markers of docs/benchmarks.md (appended the first time) and draws the chart beside it. */
export async function writeReport(results: BenchResults): Promise<void> {
  const docs = path.join(repoRoot, 'docs');
  const file = path.join(docs, 'benchmarks.md');
  const current = await readFile(file, 'utf8');
  const section = reportMarkdown(results);
  const start = current.indexOf(BEGIN);
  const end = current.indexOf(END);
  const next =
    start >= 0 && end > start
      ? `${current.slice(0, start)}${section}${current.slice(end + END.length)}`
      : `${current.trimEnd()}\n\n## Peer gateways\n\n${section}\n`;
  await writeFile(file, next);
  const svg = barChartSvg({
    title: 'Requests per second (higher is better)',
    yLabel: 'requests per second',
    series: results.contenders.map((contender) => ({ name: contender.name, color: COLORS[contender.name] ?? '#999' })),
    groups: results.operations.flatMap(({ name }) =>
      results.plan.connections.map((connections) => ({
        label: `${name}\n${connections} conn.`,
        values: results.contenders.map((contender) => find(results.cells, name, connections, contender.name)?.requestsPerSecond ?? 0),
      })),
    ),
  });
  await writeFile(path.join(docs, CHART), svg);
}
