import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import type { Stack } from '@taskgraph/e2e/stack';
import { eventually } from '@taskgraph/kit/testing';

const entry = fileURLToPath(new URL('../../../gateway/dist/src/main.js', import.meta.url));

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The gateway as a process of its own over the stack's subgraphs, so that its memory can be read. */
export class GatewayProcess {
  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {}

  static async start(stack: Stack): Promise<GatewayProcess> {
    const port = await freePort();
    const urls = Object.fromEntries(Object.values(stack.subgraphs).map((subgraph) => [`${subgraph.name.toUpperCase()}_URL`, subgraph.url]));
    const child = spawn(process.execPath, [entry], { env: { ...stack.env, ...urls, PORT: String(port), LOG_LEVEL: 'warn' }, stdio: ['ignore', 'inherit', 'inherit'] });
    const url = `http://127.0.0.1:${port}/graphql`;
    await eventually(async () => ((await fetch(`http://127.0.0.1:${port}/health/ready`).catch(() => null))?.ok ? true : undefined), 30_000, 'the gateway');
    return new GatewayProcess(child, url);
  }

  /** Resident memory of the gateway process, in MiB. */
  async rssMiB(): Promise<number> {
    const status = await readFile(`/proc/${this.child.pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN) / 1024;
  }

  async stop(): Promise<void> {
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGTERM');
    await exited;
  }
}
