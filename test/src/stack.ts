/**
 * The whole supergraph, started for a test: every subgraph and the gateway as real HTTP
 * servers in this process, on free ports, against real Postgres and NATS, with databases and
 * a stream of the test's own.
 */
import { startGateway, type RunningGateway } from '@taskgraph/gateway';
import { accounts } from '@taskgraph/accounts/subgraph';
import { notifications } from '@taskgraph/notifications/subgraph';
import { projects } from '@taskgraph/projects/subgraph';
import { tasks } from '@taskgraph/tasks/subgraph';
import { users } from '@taskgraph/users/subgraph';
import { startSubgraph, type Env, type RunningSubgraph } from '@taskgraph/kit';
import { createTestEnvironment } from '@taskgraph/kit/testing';
import { GraphQLClient } from './client.js';

type SubgraphName = 'accounts' | 'users' | 'projects' | 'tasks' | 'notifications';

export interface Stack {
  env: Env;
  gateway: RunningGateway;
  subgraphs: Record<SubgraphName, RunningSubgraph>;
  /** A client of the gateway, signed in when given an access token. */
  client(accessToken?: string): GraphQLClient;
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
    const accountsService = await startSubgraph(accounts, testEnv.env);
    started.push(accountsService);
    const env = { ...testEnv.env, AUTH_JWKS_URL: `http://127.0.0.1:${accountsService.port}/.well-known/jwks.json` };
    const others = await Promise.all([
      startSubgraph(users, env),
      startSubgraph(projects, env),
      startSubgraph(tasks, env),
      startSubgraph(notifications, env),
    ]);
    started.push(...others);
    const subgraphs = Object.fromEntries([accountsService, ...others].map((service) => [service.name, service])) as Record<SubgraphName, RunningSubgraph>;
    const urls = Object.fromEntries(Object.values(subgraphs).map((service) => [`${service.name.toUpperCase()}_URL`, service.url]));
    const gateway = await startGateway({ ...env, ...urls });
    started.push(gateway);
    return {
      env,
      gateway,
      subgraphs,
      client: (accessToken) => new GraphQLClient(gateway.url, accessToken),
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
