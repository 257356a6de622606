/**
 * The gateway as a process of its own over a stack's subgraphs, to kill it as a crash would
 * while clients are connected to it, or to stop it as an orchestrator does.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
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

  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
  ) {
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  /** Starts a gateway over the stack's subgraphs and NATS, with the stack's settings, and waits until it is ready. */
  static async start(stack: Stack): Promise<GatewayProcess> {
    const port = await freePort();
    const urls = Object.fromEntries(Object.values(stack.subgraphs).map((subgraph) => [`${subgraph.name.toUpperCase()}_URL`, subgraph.url]));
    const child = spawn(process.execPath, [entry], {
      env: { ...stack.env, ...urls, PORT: String(port) },
      stdio: ['ignore', 'inherit', 'inherit'],
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
