/**
 * A service of the stack as a process of its own: to read what it logs, to kill it as a crash
 * would while clients are connected to it, or to stop it as an orchestrator does.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Env } from '@taskgraph/kit';
import { eventually } from '@taskgraph/kit/testing';
import { freePort } from './ports.js';
import type { Stack, SubgraphName } from './stack.js';

const entryOf = (service: string) =>
  fileURLToPath(new URL(service === 'gateway' ? '../../../gateway/dist/src/main.js' : `../../../subgraphs/${service}/dist/src/main.js`, import.meta.url));

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export class ServiceProcess {
  private readonly exited: Promise<Exit>;
  /** What it logged, one JSON object per line, for a test to read. */
  readonly logs: Record<string, unknown>[] = [];

  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
  ) {
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      try {
        this.logs.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        process.stdout.write(`${line}\n`);
      }
    });
  }

  /** A gateway over the stack's subgraphs and NATS, with the stack's settings and `overrides`. */
  static gateway(stack: Stack, overrides: Env = {}): Promise<ServiceProcess> {
    const urls = Object.fromEntries(Object.values(stack.subgraphs).map((subgraph) => [`${subgraph.name.toUpperCase()}_URL`, subgraph.url]));
    return ServiceProcess.start('gateway', { ...stack.env, ...urls, ...overrides });
  }

  /** Another replica of one of the stack's subgraphs, over its database and stream, on `port` if given (to come back where it was). */
  static subgraph(stack: Stack, name: SubgraphName, port?: number): Promise<ServiceProcess> {
    return ServiceProcess.start(name, stack.env, port);
  }

  /** Starts the service and waits until it is ready. */
  private static async start(service: string, env: Env, port?: number): Promise<ServiceProcess> {
    const listening = port ?? (await freePort());
    const child = spawn(process.execPath, [entryOf(service)], { env: { ...env, PORT: String(listening) }, stdio: ['ignore', 'pipe', 'inherit'] });
    const started = new ServiceProcess(child, listening);
    try {
      await eventually(async () => {
        if (child.exitCode !== null) throw new Error(`${service} exited with ${child.exitCode} while starting`);
        return (await fetch(`http://127.0.0.1:${listening}/health/ready`).catch(() => null))?.ok ? true : undefined;
      }, 30_000, `the ${service} process to be ready`);
    } catch (error) {
      await started.kill();
      throw error;
    }
    return started;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/graphql`;
  }

  /** Sends `signal` (a crash by default) and waits for the process to end; nothing happens if it has ended already. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<Exit> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    return this.exited;
  }

  /** A graceful stop, as an orchestrator asks for one. */
  stop(): Promise<Exit> {
    return this.kill('SIGTERM');
  }
}
