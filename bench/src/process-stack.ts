/**
 * The real services as processes: the five subgraphs, each from its compiled entry point, over
 * databases, a stream and subjects of this run's own (createTestEnvironment), and gateways over
 * them. Stopping the stack stops every process and drops what the run created. The services may
 * come from another checkout of the repository (a baseline build), and run over an environment
 * made beforehand (a copy of another run's databases).
 */
import path from 'node:path';
import {
  type Env,
  gateway as gatewayService,
  jwksUrl,
  localOrigin,
  type ServiceInfo,
  type SubgraphName,
  subgraphs as subgraphList,
  subgraphServices,
  subgraphUrlEnv,
} from '@taskgraph/kit';
import { freePort, repoRoot } from '@taskgraph/kit/processes';
import { createTestEnvironment, type TestEnvironment } from '@taskgraph/kit/testing';
import { type ProcessSpec, ServiceProcess } from './processes.js';

export type { SubgraphName };

export interface StackOptions {
  /** The checkout whose compiled services run (default: this one). */
  root?: string;
  /** The run's databases and stream, made beforehand (default: new ones). */
  environment?: TestEnvironment;
  /** Node flags for each subgraph process, by name (e.g. --cpu-prof). */
  subgraphFlags?: (name: SubgraphName) => string[];
}

export interface ProcessStack {
  /** The settings every service of the run shares (databases, stream, JWKS URL). */
  env: Env;
  environment: TestEnvironment;
  subgraphs: Record<SubgraphName, ServiceProcess>;
  /** Each subgraph's GraphQL URL, by name. */
  subgraphUrls: Record<SubgraphName, string>;
  /** Starts this project's gateway over the subgraphs (stopped with the stack), with Node flags if given (e.g. --cpu-prof). */
  startGateway(overrides?: Env, nodeFlags?: string[]): Promise<ServiceProcess>;
  /** Starts any other process that belongs to the run (stopped with the stack). */
  startProcess(spec: ProcessSpec): Promise<ServiceProcess>;
  /** Stops every process and drops the run's databases and stream. */
  stop(): Promise<void>;
  /** Stops every process and keeps the databases and stream, for another stack over them (or a copy). */
  stopServices(): Promise<void>;
}

export const graphqlUrl = (service: ServiceProcess): string => `${service.origin}/graphql`;

export async function startProcessStack(overrides: Env = {}, options: StackOptions = {}): Promise<ProcessStack> {
  const root = options.root ?? repoRoot;
  const testEnv = options.environment ?? (await createTestEnvironment({ LOG_LEVEL: 'warn', ...overrides }));
  const started: ServiceProcess[] = [];
  const stopServices = async () => {
    await Promise.allSettled(started.map((service) => service.stop()));
  };
  const stop = async () => {
    await stopServices();
    await testEnv.cleanup();
  };
  const startProcess: ProcessStack['startProcess'] = async (spec) => {
    const service = await ServiceProcess.start(spec);
    started.push(service);
    return service;
  };
  /** One of ours, from its compiled entry, on a free port, ready when /health/ready says so. */
  const startService = async ({ name, entry }: ServiceInfo, env: Env, nodeFlags: string[] = []) => {
    const port = await freePort();
    return startProcess({
      name,
      args: [...nodeFlags, path.join(root, entry)],
      cwd: root,
      env: { ...env, PORT: String(port) },
      port,
      readyUrl: `${localOrigin(port)}/health/ready`,
    });
  };
  try {
    // Every other service checks tokens against the keys accounts publishes: it comes first.
    const flags = options.subgraphFlags ?? (() => []);
    const accounts = await startService(subgraphServices.accounts, testEnv.env, flags('accounts'));
    const env: Env = { ...testEnv.env, AUTH_JWKS_URL: jwksUrl(accounts.origin) };
    const others = await Promise.all(
      subgraphList.filter((service) => service.name !== 'accounts').map((service) => startService(service, env, flags(service.name))),
    );
    const subgraphs = Object.fromEntries([accounts, ...others].map((service) => [service.name, service])) as Record<
      SubgraphName,
      ServiceProcess
    >;
    const subgraphUrls = Object.fromEntries(Object.entries(subgraphs).map(([name, service]) => [name, graphqlUrl(service)])) as Record<
      SubgraphName,
      string
    >;
    const urlEnv = subgraphUrlEnv(subgraphUrls);
    return {
      env,
      environment: testEnv,
      subgraphs,
      subgraphUrls,
      startGateway: (more = {}, nodeFlags = []) => startService(gatewayService, { ...env, ...urlEnv, ...more }, nodeFlags),
      startProcess,
      stop,
      stopServices,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
