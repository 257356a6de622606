/**
 * The report of `npm run bench`: Markdown tables with the targets' verdicts, written into
 * docs/benchmarks.md between its markers, and a chart of throughput beside it.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { repoRoot } from '@taskgraph/kit/processes';
import { barChartSvg } from './chart.js';
import type { Cell } from './peers.js';
import { type StatementCounts, statementTable } from './sql-count.js';
import { round } from './stats.js';
import { type SubscriptionRow, subscriptionTable } from './subscription-bench.js';

export interface BenchResults {
  date: string;
  minutes: number;
  machine: { cores: number; cpu: string; memoryGiB: number; node: string };
  versions: Record<string, string>;
  plan: { connections: number[]; sliceSeconds: number; rounds: number; users: number; tokens: number; tasks: number; comments: number };
  contenders: { name: string; label: string }[];
  operations: { name: string; description: string }[];
  cells: Cell[];
  overhead: Cell[];
  statements: StatementCounts[];
  subscriptions: SubscriptionRow[];
}

const OURS = 'taskgraph';
const BEGIN = '<!-- npm run bench: begin (generated, do not edit) -->';
const END = '<!-- npm run bench: end -->';
const CHART = 'benchmarks-gateways.svg';
const COLORS: Record<string, string> = { taskgraph: '#2b6cb0', hive: '#d69e2e', 'apollo-bare': '#718096' };

const find = (cells: Cell[], operation: string, connections: number, target: string): Cell | undefined =>
  cells.find((cell) => cell.operation === operation && cell.connections === connections && cell.target === target);

const cellRow = (cell: Cell): string =>
  `| ${cell.operation} | ${cell.connections} | ${cell.target} | ${cell.requestsPerSecond} | ${cell.p50} | ${cell.p95} | ${cell.p99} | ${cell.max} | ${cell.errors} | ${cell.cpuCores} | ${cell.peakRssMiB} |`;
const CELL_HEADER = [
  '| operation | connections | endpoint | req/s | p50 ms | p95 ms | p99 ms | max ms | errors | CPU cores | peak RSS MiB |',
  '|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|',
];

const verdict = (met: boolean): string => (met ? 'met' : '**missed**');

/** Each target of issue #6, per operation and concurrency, with the figures it was judged on. */
function targetRows(results: BenchResults): string[] {
  const rows = [
    '| operation | connections | vs Hive: req/s (ours / Hive) | vs Hive: p99 ms (ours / Hive) | plugin cost vs bare @apollo/gateway (≤ 10%) |',
    '|---|---:|---|---|---|',
  ];
  for (const { name } of results.operations) {
    for (const connections of results.plan.connections) {
      const ours = find(results.cells, name, connections, OURS);
      const hive = find(results.cells, name, connections, 'hive');
      const bare = find(results.cells, name, connections, 'apollo-bare');
      if (!ours || !hive || !bare) continue;
      const cost = round((1 - ours.requestsPerSecond / bare.requestsPerSecond) * 100, 0);
      rows.push(
        `| ${name} | ${connections} | ${verdict(ours.requestsPerSecond >= hive.requestsPerSecond)}: ${ours.requestsPerSecond} / ${hive.requestsPerSecond} | ${verdict(ours.p99 <= hive.p99)}: ${ours.p99} / ${hive.p99} | ${verdict(cost <= 10)}: ${cost}% |`,
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
    '#### Targets',
    '',
    ...targetRows(results),
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
