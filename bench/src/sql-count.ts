/**
 * SQL statements each subgraph runs for one request of each peer-benchmark operation, at two
 * page sizes: they must be the same at both. The subgraphs count the statements they run on
 * behalf of requests in memory only, so this part runs the stack in this process (as the N+1
 * test does), with seeded data of its own.
 *
 * The same part measures each subgraph's floor for each operation: the statements it ran for
 * one request, run again straight with `pg` from one client, plus serializing the responses it
 * gave (recorded by a proxy between a gateway and the subgraphs): what the fetch would cost with
 * no server, framework or ORM at all.
 */
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { type Statement, type SubgraphName, subgraphs as subgraphList, subgraphUrlEnv } from '@taskgraph/kit';
import { countStatements, type Stack, startStack } from '@taskgraph/stack';
import pg from 'pg';
import { graphqlData } from './graphql-http.js';
import { peerOperations } from './peer-operations.js';
import { type Seed, seed } from './seed.js';
import { settle } from './settle.js';
import { round } from './stats.js';

/** A subgraph's floor for one request of an operation: all its fetches of that request. */
export interface Floor {
  operation: string;
  subgraph: string;
  fetches: number;
  statements: number;
  /** The benchmark process's CPU time, and the wall time, for the statements and the serializing. */
  cpuMs: number;
  wallMs: number;
  responseBytes: number;
}

const FLOOR_ROUNDS = 50;
const FLOOR_BATCHES = 6;

export interface StatementCounts {
  operation: string;
  page: number;
  smallPage: number;
  /** Statements per subgraph at the timed page size, and at the small one. */
  atPage: Record<string, number>;
  atSmallPage: Record<string, number>;
}

export async function countPeerStatements(
  progress: (message: string) => void,
): Promise<{ statements: StatementCounts[]; floors: Floor[] }> {
  const stack = await startStack({ LOG_LEVEL: 'silent' });
  try {
    // One project of 5 members and 150 tasks: every member is assigned 30, more than any page reads.
    const data = await seed(
      stack.gateway.url,
      { users: 5, projects: 1, membersPerProject: 5, tasksPerProject: 150, commentEvery: 2, commentsPerTask: 2 },
      progress,
    );
    const token = data.users[0]!.token;
    const counts: StatementCounts[] = [];
    for (const operation of peerOperations) {
      const measure = async (first: number) => {
        const run = () => graphqlData(stack.gateway.url, operation.query, operation.variables(data, 0, first), token);
        await run(); // warms what is not per request (the JWKS, plans)
        return countStatements(stack, run);
      };
      counts.push({
        operation: operation.name,
        page: operation.page,
        smallPage: operation.smallPage,
        atPage: await measure(operation.page),
        atSmallPage: await measure(operation.smallPage),
      });
    }
    // The seeding's events are still being handled in this process: the floor is timed once they are.
    await settle(stack.env);
    return { statements: counts, floors: await measureFloors(stack, data.users[0]!.token, data) };
  } finally {
    await stack.stop();
  }
}

interface Recorded {
  subgraph: SubgraphName;
  response: unknown;
  bytes: number;
}

/** An HTTP proxy in front of each subgraph that keeps every response it passes on. */
async function recordingProxies(stack: Stack): Promise<{ urls: Record<string, string>; taken: Recorded[]; close(): void }> {
  const taken: Recorded[] = [];
  const servers: http.Server[] = [];
  const urls: Record<string, string> = {};
  for (const { name } of subgraphList) {
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', async () => {
        const headers = Object.fromEntries(
          Object.entries(req.headers).filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[0] !== 'host'),
        );
        const post = req.method === 'POST';
        const upstream = await fetch(stack.subgraphs[name].url, {
          method: req.method,
          headers,
          ...(post ? { body: Buffer.concat(chunks) } : {}),
        });
        const text = await upstream.text();
        // GraphQL fetches are POSTs; anything else (a health check) is passed on only.
        if (post) taken.push({ subgraph: name, response: JSON.parse(text), bytes: Buffer.byteLength(text) });
        res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' });
        res.end(text);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    servers.push(server);
    const address = server.address();
    urls[name] = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/graphql`;
  }
  return {
    urls,
    taken,
    close: () => {
      for (const server of servers) server.close();
    },
  };
}

/**
 * The CPU time of this process and the wall time per run of `work`, in ms: the least of several
 * batches, since this process also hosts the stack, whose background work (and the collector)
 * would otherwise be counted against the floor.
 */
async function timed(work: () => Promise<void>): Promise<{ cpuMs: number; wallMs: number }> {
  await work();
  let best = { cpuMs: Number.POSITIVE_INFINITY, wallMs: Number.POSITIVE_INFINITY };
  for (let batch = 0; batch < FLOOR_BATCHES; batch++) {
    const cpu = process.cpuUsage();
    const started = performance.now();
    for (let i = 0; i < FLOOR_ROUNDS; i++) await work();
    const used = process.cpuUsage(cpu);
    const cpuMs = (used.user + used.system) / 1000 / FLOOR_ROUNDS;
    if (cpuMs < best.cpuMs) best = { cpuMs, wallMs: (performance.now() - started) / FLOOR_ROUNDS };
  }
  return best;
}

async function measureFloors(stack: Stack, token: string, data: Seed): Promise<Floor[]> {
  const proxies = await recordingProxies(stack);
  const gateway = await stack.startGateway(subgraphUrlEnv(proxies.urls));
  const clients = new Map<string, pg.Client>();
  try {
    const floors: Floor[] = [];
    for (const operation of peerOperations) {
      const run = () => graphqlData(gateway.url, operation.query, operation.variables(data, 0, operation.page), token);
      await run();
      proxies.taken.length = 0;
      const keeping = subgraphList.map(({ name }) => [name, stack.subgraphs[name].statements.keep()] as const);
      await run();
      const statements = new Map<SubgraphName, Statement[]>(keeping.map(([name, stop]) => [name, stop()]));
      for (const { name } of subgraphList) {
        const responses = proxies.taken.filter((taken) => taken.subgraph === name);
        if (!responses.length) continue;
        const sql = statements.get(name) ?? [];
        const client = clients.get(name) ?? new pg.Client({ ...connection(stack), database: `${stack.env.DATABASE_PREFIX}_${name}` });
        if (!clients.has(name)) {
          await client.connect();
          clients.set(name, client);
        }
        const cost = await timed(async () => {
          for (const statement of sql) await client.query(statement.sql, statement.bindings);
          for (const { response } of responses) JSON.stringify(response);
        });
        floors.push({
          operation: operation.name,
          subgraph: name,
          fetches: responses.length,
          statements: sql.length,
          cpuMs: round(cost.cpuMs, 3),
          wallMs: round(cost.wallMs, 3),
          responseBytes: responses.reduce((sum, { bytes }) => sum + bytes, 0),
        });
      }
    }
    return floors;
  } finally {
    await Promise.all([...clients.values()].map((client) => client.end()));
    proxies.close();
  }
}

const connection = (stack: Stack) => ({
  host: stack.env.PGHOST ?? '127.0.0.1',
  port: Number(stack.env.PGPORT ?? 5432),
  user: stack.env.PGUSER ?? 'postgres',
  password: stack.env.PGPASSWORD,
});

/** Each subgraph's floor per request of each operation. */
export function floorRows(floors: Floor[]): string[] {
  return [
    '| operation | subgraph | fetches | SQL statements | response bytes | floor CPU ms per request | floor wall ms per request |',
    '|---|---|---:|---:|---:|---:|---:|',
    ...floors.map(
      (floor) =>
        `| ${floor.operation} | ${floor.subgraph} | ${floor.fetches} | ${floor.statements} | ${floor.responseBytes} | ${floor.cpuMs} | ${floor.wallMs} |`,
    ),
  ];
}
/** One row per operation: each subgraph's statements at the timed page size and at the small one, and whether they are the same. */
export function statementTable(counts: StatementCounts[]): string {
  const subgraphs = [...new Set(counts.flatMap((count) => Object.keys(count.atPage)))];
  const cell = (count: StatementCounts, subgraph: string) => `${count.atSmallPage[subgraph] ?? 0} → ${count.atPage[subgraph] ?? 0}`;
  const constant = (count: StatementCounts) =>
    subgraphs.every((subgraph) => (count.atSmallPage[subgraph] ?? 0) === (count.atPage[subgraph] ?? 0));
  return [
    `| operation | page sizes | ${subgraphs.join(' | ')} | constant in page size |`,
    `|---|---|${subgraphs.map(() => '---:').join('|')}|---|`,
    ...counts.map(
      (count) =>
        `| ${count.operation} | ${count.smallPage} → ${count.page} | ${subgraphs.map((subgraph) => cell(count, subgraph)).join(' | ')} | ${constant(count) ? 'yes' : '**no**'} |`,
    ),
  ].join('\n');
}
