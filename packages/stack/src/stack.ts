/**
 * The whole supergraph, started for a test or a benchmark: every subgraph and the gateway as real HTTP
 * servers in this process, on free ports, against real Postgres and NATS, with databases and
 * a stream of the run's own.
 */

import { accounts } from '@taskgraph/accounts/subgraph';
import { type RunningGateway, startGateway } from '@taskgraph/gateway';
import {
  type Env,
  jwksUrl,
  localOrigin,
  type RunningSubgraph,
  type SubgraphName,
  startSubgraph,
  subgraphs as subgraphServices,
  subgraphUrlEnv,
} from '@taskgraph/kit';
import { createTestEnvironment } from '@taskgraph/kit/testing';
import { notifications } from '@taskgraph/notifications/subgraph';
import { projects } from '@taskgraph/projects/subgraph';
import { tasks } from '@taskgraph/tasks/subgraph';
import { users } from '@taskgraph/users/subgraph';
import { GraphQLClient } from './client.js';

export type { SubgraphName };

/** Each subgraph's start, typed by its own definition (each has dependencies of its own). */
const starters: Record<SubgraphName, (env: Env) => Promise<RunningSubgraph>> = {
  accounts: (env) => startSubgraph(accounts, env),
  users: (env) => startSubgraph(users, env),
  projects: (env) => startSubgraph(projects, env),
  tasks: (env) => startSubgraph(tasks, env),
  notifications: (env) => startSubgraph(notifications, env),
};

export interface Stack {
  env: Env;
  gateway: RunningGateway;
  subgraphs: Record<SubgraphName, RunningSubgraph>;
  /** A client of the gateway, signed in when given an access token. */
  client(accessToken?: string): GraphQLClient;
  /** Another gateway replica over the same subgraphs and NATS (stopped with the stack). */
  startGateway(overrides?: Env): Promise<RunningGateway>;
  /** Starts a subgraph again after `subgraphs[name].stop()`, on its port, where the gateways look for it. */
  restartSubgraph(name: SubgraphName): Promise<RunningSubgraph>;
  stop(): Promise<void>;
}

export async function startStack(overrides: Env = {}): Promise<Stack> {
  const testEnv = await createTestEnvironment(overrides);
  const started: { stop(): Promise<void> }[] = [];
  const stopAll = async () => {
    for (const service of started.reverse()) await service.stop();
    await testEnv.cleanup();
  };
  try {
    // Every other service checks tokens against the keys accounts publishes: it comes first.
    const accountsService = await startSubgraph(accounts, testEnv.env);
    started.push(accountsService);
    const env = { ...testEnv.env, AUTH_JWKS_URL: jwksUrl(localOrigin(accountsService.port)) };
    const others = await Promise.all(
      subgraphServices
        .filter(({ name }) => name !== 'accounts')
        .map(async ({ name }) => {
          const service = await starters[name](env);
          started.push(service);
          return service;
        }),
    );
    const subgraphs = Object.fromEntries([accountsService, ...others].map((service) => [service.name, service])) as Record<
      SubgraphName,
      RunningSubgraph
    >;
    const gatewayEnv = {
      ...env,
      ...subgraphUrlEnv(Object.fromEntries(Object.values(subgraphs).map((service) => [service.name, service.url]))),
    };
    const gateway = await startGateway(gatewayEnv);
    started.push(gateway);
    return {
      env,
      gateway,
      subgraphs,
      client: (accessToken) => new GraphQLClient(gateway.url, accessToken),
      async startGateway(more = {}) {
        const replica = await startGateway({ ...gatewayEnv, ...more });
        started.push(replica);
        return replica;
      },
      async restartSubgraph(name) {
        const restarted = await starters[name]({ ...env, PORT: String(subgraphs[name].port) });
        subgraphs[name] = restarted;
        started.push(restarted);
        return restarted;
      },
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
