/**
 * The whole supergraph, started for a test: every subgraph and the gateway as real HTTP
 * servers in this process, on free ports, against real Postgres and NATS, with databases and
 * a stream of the test's own.
 */
import { startGateway, type RunningGateway } from '@taskgraph/gateway';
import { accounts } from '@taskgraph/accounts/subgraph';
import { users } from '@taskgraph/users/subgraph';
import { startSubgraph, type Env, type RunningSubgraph } from '@taskgraph/kit';
import { createTestEnvironment } from '@taskgraph/kit/testing';
import { GraphQLClient } from './client.js';

export interface Stack {
  env: Env;
  gateway: RunningGateway;
  subgraphs: { accounts: RunningSubgraph; users: RunningSubgraph };
  /** A client of the gateway, signed in when given an access token. */
  client(accessToken?: string): GraphQLClient;
  stop(): Promise<void>;
}

export async function startStack(overrides: Env = {}): Promise<Stack> {
  const testEnv = await createTestEnvironment(overrides);
  const started: { stop(): Promise<void> }[] = [];
  try {
    const accountsService = await startSubgraph(accounts, testEnv.env);
    started.push(accountsService);
    const env = { ...testEnv.env, AUTH_JWKS_URL: `http://127.0.0.1:${accountsService.port}/.well-known/jwks.json` };
    const usersService = await startSubgraph(users, env);
    started.push(usersService);
    const gateway = await startGateway({ ...env, ACCOUNTS_URL: accountsService.url, USERS_URL: usersService.url });
    started.push(gateway);
    return {
      env,
      gateway,
      subgraphs: { accounts: accountsService, users: usersService },
      client: (accessToken) => new GraphQLClient(gateway.url, accessToken),
      async stop() {
        for (const service of started.reverse()) await service.stop();
        await testEnv.cleanup();
      },
    };
  } catch (error) {
    for (const service of started.reverse()) await service.stop();
    await testEnv.cleanup();
    throw error;
  }
}
