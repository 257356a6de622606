/**
 * The gateway as a process of its own over a stack's subgraphs, to kill it as a crash would
 * while clients are connected to it, or to stop it as an orchestrator does.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Env } from '@taskgraph/kit';
import { eventually } from '@taskgraph/kit/testing';
import { freePort } from './ports.js';
import type { Stack } from './stack.js';

const entry = fileURLToPath(new URL('../../../gateway/dist/src/main.js', import.meta.url));

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export class GatewayProcess {
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

  /** Starts a gateway over the stack's subgraphs and NATS, with the stack's settings and `overrides`, and waits until it is ready. */
  static async start(stack: Stack, overrides: Env = {}): Promise<GatewayProcess> {
    const port = await freePort();
    const urls = Object.fromEntries(Object.values(stack.subgraphs).map((subgraph) => [`${subgraph.name.toUpperCase()}_URL`, subgraph.url]));
    const child = spawn(process.execPath, [entry], {
      env: { ...stack.env, ...urls, ...overrides, PORT: String(port) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const gateway = new GatewayProcess(child, port);
    try {
      await eventually(async () => {
        if (child.exitCode !== null) throw new Error(`the gateway exited with ${child.exitCode} while starting`);
        return (await fetch(`http://127.0.0.1:${port}/health/ready`).catch(() => null))?.ok ? true : undefined;
      }, 30_000, 'the gateway process to be ready');
    } catch (error) {
      await gateway.kill();
      throw error;
    }
    return gateway;
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
