/**
 * A service of the stack as a process of its own: to read what it logs, to kill it as a crash
 * would while clients are connected to it, or to stop it as an orchestrator does.
 */
import {
  type Env,
  gateway,
  graphqlUrl,
  localOrigin,
  type ServiceInfo,
  type SubgraphName,
  subgraphServices,
  subgraphUrlEnv,
} from '@taskgraph/kit';
import { type Exit, freePort, type ManagedProcess, startServiceProcess } from '@taskgraph/kit/processes';
import type { Stack } from '@taskgraph/stack';

export class ServiceProcess {
  private constructor(
    private readonly process: ManagedProcess,
    readonly port: number,
    /** What it logged, one JSON object per line, for a test to read. */
    readonly logs: Record<string, unknown>[],
  ) {}

  /** A gateway over the stack's subgraphs and NATS, with the stack's settings and `overrides`. */
  static gateway(stack: Stack, overrides: Env = {}): Promise<ServiceProcess> {
    const urls = subgraphUrlEnv(Object.fromEntries(Object.values(stack.subgraphs).map((subgraph) => [subgraph.name, subgraph.url])));
    return ServiceProcess.start(gateway, { ...stack.env, ...urls, ...overrides });
  }

  /** Another replica of one of the stack's subgraphs, over its database and stream, on `port` if given (to come back where it was). */
  static subgraph(stack: Stack, name: SubgraphName, port?: number): Promise<ServiceProcess> {
    return ServiceProcess.start(subgraphServices[name], stack.env, port);
  }

  /** Starts the service and waits until it is ready. */
  private static async start(service: ServiceInfo, env: Env, port?: number): Promise<ServiceProcess> {
    const listening = port ?? (await freePort());
    const logs: Record<string, unknown>[] = [];
    const started = await startServiceProcess(service, {
      port: listening,
      env,
      // Bounds a hang, not a start: on a loaded 2-core machine three services starting at once take close to a minute.
      ready: { timeoutMs: 120_000 },
      onLine: (line, stream) => {
        if (stream === 'stderr') process.stderr.write(`${line}\n`);
        else {
          try {
            logs.push(JSON.parse(line) as Record<string, unknown>);
          } catch {
            process.stdout.write(`${line}\n`);
          }
        }
      },
    });
    return new ServiceProcess(started, listening, logs);
  }

  get url(): string {
    return graphqlUrl(localOrigin(this.port));
  }

  /** Sends `signal` (a crash by default) and waits for the process to end; nothing happens if it has ended already. */
  kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<Exit> {
    return this.process.kill(signal);
  }

  /** A graceful stop, as an orchestrator asks for one. */
  stop(): Promise<Exit> {
    return this.process.stop();
  }
}
