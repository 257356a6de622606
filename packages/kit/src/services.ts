/**
 * The processes of the supergraph, declared once: their names, default ports, compiled entry
 * points and how the gateway is told where a subgraph is. Everything that starts, deploys or
 * addresses a service derives from this list.
 */

export type SubgraphName = 'accounts' | 'users' | 'projects' | 'tasks' | 'notifications';
export type ServiceName = SubgraphName | 'gateway';

export interface ServiceInfo<N extends ServiceName = ServiceName> {
  name: N;
  /** The port it listens on unless PORT says otherwise. */
  port: number;
  /** The compiled entry point, relative to the repository root. */
  entry: string;
  kind: 'subgraph' | 'gateway';
}

const subgraph = <N extends SubgraphName>(name: N, port: number): ServiceInfo<N> => ({
  name,
  port,
  entry: `subgraphs/${name}/dist/src/main.js`,
  kind: 'subgraph',
});

/** In start order: accounts first, since every other service checks tokens against the keys it publishes. */
export const subgraphServices: { readonly [N in SubgraphName]: ServiceInfo<N> } = {
  accounts: subgraph('accounts', 4001),
  users: subgraph('users', 4002),
  projects: subgraph('projects', 4003),
  tasks: subgraph('tasks', 4004),
  notifications: subgraph('notifications', 4005),
};

export const subgraphs: readonly ServiceInfo<SubgraphName>[] = Object.values(subgraphServices);

export const gateway: ServiceInfo<'gateway'> = { name: 'gateway', port: 4000, entry: 'gateway/dist/src/main.js', kind: 'gateway' };

/** Subgraphs first, the gateway last: the order they start in. */
export const services: readonly ServiceInfo[] = [...subgraphs, gateway];

/** The environment variable the gateway reads a subgraph's URL from, e.g. ACCOUNTS_URL. */
export const subgraphUrlVariable = (name: string): string => `${name.toUpperCase()}_URL`;

/** The gateway's `<NAME>_URL` variables for subgraphs served at these GraphQL URLs. */
export const subgraphUrlEnv = (urls: Partial<Record<SubgraphName, string>>): Record<string, string> =>
  Object.fromEntries(Object.entries(urls).map(([name, url]) => [subgraphUrlVariable(name), url]));

/** Where a service serves GraphQL, given its origin (e.g. http://127.0.0.1:4001). */
export const graphqlUrl = (origin: string): string => `${origin}/graphql`;

/** Where the accounts subgraph at this origin publishes the keys access tokens are checked against. */
export const jwksUrl = (accountsOrigin: string): string => `${accountsOrigin}/.well-known/jwks.json`;

export const localOrigin = (port: number): string => `http://127.0.0.1:${port}`;
