/**
 * The gateways compared by `npm run bench`, each a process of its own over the same subgraph
 * processes: this project's gateway, Hive Gateway (from npm, its defaults), and a bare
 * @apollo/gateway. Hive and the bare gateway read a copy of the committed supergraph whose
 * routing URLs point at this run's subgraphs; ours reads the committed file and `<NAME>_URL`.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, repoRoot } from '@taskgraph/kit/processes';
import { graphqlUrl, type ProcessStack, type SubgraphName } from './process-stack.js';
import type { ServiceProcess } from './processes.js';

export interface Contender {
  name: string;
  /** What it is, for the report. */
  label: string;
  url: string;
  process: ServiceProcess;
}

const hiveBin = fileURLToPath(new URL('./bin.js', import.meta.resolve('@graphql-hive/gateway')));
const hiveConfig = fileURLToPath(new URL('./hive-gateway.config.js', import.meta.url));
const bareEntry = fileURLToPath(new URL('./bare-gateway.js', import.meta.url));

/** The committed supergraph with each subgraph's routing URL replaced by this run's. */
async function runSupergraph(stack: ProcessStack): Promise<string> {
  const sdl = await readFile(path.join(repoRoot, 'schema/supergraph.graphql'), 'utf8');
  const rewritten = sdl.replace(/@join__graph\(name: "(\w+)", url: "[^"]*"\)/g, (whole, name: string) =>
    name in stack.subgraphUrls ? `@join__graph(name: "${name}", url: "${stack.subgraphUrls[name as SubgraphName]}")` : whole,
  );
  const file = path.join(stack.env.DATA_DIR!, 'supergraph.graphql');
  await writeFile(file, rewritten);
  return file;
}

/** Every gateway runs as in production: no landing page, no introspection, no stack traces. */
const PRODUCTION = { NODE_ENV: 'production', LOG_LEVEL: 'warn' };
/** BENCH_CPU_PROF=<folder>: every gateway writes a V8 CPU profile there when it stops (open it in Chrome DevTools or speedscope). */
const PROFILE = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(process.env.BENCH_CPU_PROF)}`] : [];

export async function startContenders(stack: ProcessStack): Promise<Contender[]> {
  const supergraph = await runSupergraph(stack);
  const ours = await stack.startGateway(PRODUCTION, PROFILE);
  const hivePort = await freePort();
  const hive = await stack.startProcess({
    name: 'hive-gateway',
    args: [
      ...PROFILE,
      hiveBin,
      'supergraph',
      supergraph,
      '--port',
      String(hivePort),
      '--host',
      '127.0.0.1',
      '--config-path',
      hiveConfig,
      '--fork',
      '1',
    ],
    env: { PATH: process.env.PATH, ...PRODUCTION },
    port: hivePort,
    readyUrl: `http://127.0.0.1:${hivePort}/readiness`,
  });
  const barePort = await freePort();
  const bare = await stack.startProcess({
    name: 'apollo-gateway',
    args: [...PROFILE, bareEntry],
    env: { PATH: process.env.PATH, ...PRODUCTION, SUPERGRAPH_PATH: supergraph, PORT: String(barePort) },
    port: barePort,
    readyUrl: `http://127.0.0.1:${barePort}/?query=%7B__typename%7D`,
    readyHeaders: { 'apollo-require-preflight': 'true' },
  });
  return [
    { name: 'taskgraph', label: "this project's gateway (@apollo/gateway 2.14.4 with its plugins)", url: graphqlUrl(ours), process: ours },
    {
      name: 'hive',
      label: 'Hive Gateway 2.15.1 (defaults, Authorization forwarded)',
      url: `http://127.0.0.1:${hivePort}/graphql`,
      process: hive,
    },
    {
      name: 'apollo-bare',
      label: 'bare @apollo/gateway 2.14.4 (Apollo Server standalone, Authorization forwarded)',
      url: `http://127.0.0.1:${barePort}/`,
      process: bare,
    },
  ];
}
