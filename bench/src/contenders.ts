/**
 * The gateways compared by `npm run bench`, each a process of its own over the same subgraph
 * processes: this project's gateway, Hive Gateway (from npm) on its defaults and with Hive
 * Router's Rust query planner, and a bare @apollo/gateway. Hive and the bare gateway read a copy
 * of the committed supergraph whose routing URLs point at this run's subgraphs; ours reads the
 * committed file and `<NAME>_URL`. With a baseline build, its gateway over its own subgraphs
 * (and a copy of the same data) is one more contender.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, repoRoot } from '@taskgraph/kit/processes';
import { graphqlUrl, type ProcessStack, type SubgraphName } from './process-stack.js';
import type { ServiceProcess } from './processes.js';
import { profileFlags } from './profile.js';

export interface Contender {
  name: string;
  /** What it is, for the report. */
  label: string;
  url: string;
  process: ServiceProcess;
  /** The subgraph processes behind it. */
  subgraphs: Record<SubgraphName, ServiceProcess>;
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
export const PRODUCTION = { NODE_ENV: 'production', LOG_LEVEL: 'warn' };

/** Hive Gateway's CLI on one worker; with `routerRuntime`, planning and execution by @graphql-hive/router-runtime. */
async function startHive(
  stack: ProcessStack,
  supergraph: string,
  routerRuntime: boolean,
): Promise<{ url: string; process: ServiceProcess }> {
  const port = await freePort();
  const hive = await stack.startProcess({
    name: routerRuntime ? 'hive-router-runtime' : 'hive-gateway',
    args: [
      ...profileFlags(routerRuntime ? 'hive-router' : 'hive'),
      hiveBin,
      'supergraph',
      supergraph,
      '--port',
      String(port),
      '--host',
      '127.0.0.1',
      '--config-path',
      hiveConfig,
      '--fork',
      '1',
      ...(routerRuntime ? ['--hive-router-runtime'] : []),
    ],
    env: { PATH: process.env.PATH, ...PRODUCTION },
    port,
    readyUrl: `http://127.0.0.1:${port}/readiness`,
  });
  return { url: `http://127.0.0.1:${port}/graphql`, process: hive };
}

export async function startContenders(stack: ProcessStack, baseline?: { stack: ProcessStack; label: string }): Promise<Contender[]> {
  const supergraph = await runSupergraph(stack);
  const ours = await stack.startGateway(PRODUCTION, profileFlags('gateway'));
  const hive = await startHive(stack, supergraph, false);
  const hiveRouter = await startHive(stack, supergraph, true);
  const barePort = await freePort();
  const bare = await stack.startProcess({
    name: 'apollo-gateway',
    args: [...profileFlags('apollo-bare'), bareEntry],
    env: { PATH: process.env.PATH, ...PRODUCTION, SUPERGRAPH_PATH: supergraph, PORT: String(barePort) },
    port: barePort,
    readyUrl: `http://127.0.0.1:${barePort}/?query=%7B__typename%7D`,
    readyHeaders: { 'apollo-require-preflight': 'true' },
  });
  const subgraphs = stack.subgraphs;
  const contenders: Contender[] = [
    {
      name: 'taskgraph',
      label: "this build: this project's gateway (@apollo/gateway 2.14.4 with its plugins) and subgraphs",
      url: graphqlUrl(ours),
      process: ours,
      subgraphs,
    },
    { name: 'hive', label: 'Hive Gateway 2.15.1 (defaults, Authorization forwarded)', ...hive, subgraphs },
    {
      name: 'hive-router',
      label: "Hive Gateway 2.15.1 with Hive Router's Rust query planner (@graphql-hive/router-runtime 1.4.23, Authorization forwarded)",
      ...hiveRouter,
      subgraphs,
    },
    {
      name: 'apollo-bare',
      label: 'bare @apollo/gateway 2.14.4 (Apollo Server standalone, Authorization forwarded)',
      url: `http://127.0.0.1:${barePort}/`,
      process: bare,
      subgraphs,
    },
  ];
  if (baseline) {
    const gateway = await baseline.stack.startGateway(PRODUCTION, profileFlags('baseline-gateway'));
    contenders.push({
      name: 'baseline',
      label: baseline.label,
      url: graphqlUrl(gateway),
      process: gateway,
      subgraphs: baseline.stack.subgraphs,
    });
  }
  return contenders;
}
