import { fileURLToPath } from 'node:url';

/** The processes of the supergraph, in start order: subgraphs first, the gateway last. */
export interface ServiceInfo {
  name: string;
  port: number;
  /** The compiled entry point, relative to the repository root. */
  entry: string;
  kind: 'subgraph' | 'gateway';
}

export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

const subgraph = (name: string, port: number): ServiceInfo => ({
  name,
  port,
  entry: `subgraphs/${name}/dist/src/main.js`,
  kind: 'subgraph',
});

export const subgraphs: ServiceInfo[] = [subgraph('accounts', 4001), subgraph('users', 4002), subgraph('projects', 4003), subgraph('tasks', 4004), subgraph('notifications', 4005)];

export const gateway: ServiceInfo = { name: 'gateway', port: 4000, entry: 'gateway/dist/src/main.js', kind: 'gateway' };

export const services: ServiceInfo[] = [...subgraphs, gateway];

/** The environment variable the gateway reads a subgraph's URL from, e.g. ACCOUNTS_URL. */
export const subgraphUrlVariable = (name: string): string => `${name.toUpperCase()}_URL`;
