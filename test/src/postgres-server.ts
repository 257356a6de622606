/**
 * A Postgres server of the test's own, which the test may crash and start again (same port,
 * same data): the shared server stays untouched.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '@taskgraph/kit/processes';

const run = promisify(execFile);

const binDir = ['/usr/lib/postgresql/15/bin', '/usr/lib/postgresql/16/bin', '/usr/lib/postgresql/17/bin'].find(existsSync);

/** Postgres refuses to run as root: as root, its tools run as the `postgres` system user. */
const asRoot = process.getuid?.() === 0;

async function pgTool(tool: string, args: string[]): Promise<void> {
  const binary = binDir ? path.join(binDir, tool) : tool;
  await (asRoot ? run('runuser', ['-u', 'postgres', '--', binary, ...args]) : run(binary, args));
}

export class PrivatePostgresServer {
  private running = false;

  private constructor(
    readonly port: number,
    private readonly dir: string,
  ) {}

  static async start(): Promise<PrivatePostgresServer> {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'pg-'));
    const server = new PrivatePostgresServer(await freePort(), dir);
    try {
      if (asRoot) {
        const { stdout } = await run('id', ['-u', 'postgres']);
        const { stdout: group } = await run('id', ['-g', 'postgres']);
        await chown(dir, Number(stdout.trim()), Number(group.trim()));
      }
      await pgTool('initdb', ['-D', server.dataDir, '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8']);
      await server.resume();
      return server;
    } catch (error) {
      await server.stop();
      throw error;
    }
  }

  /** What the services read to find it. */
  get env(): { PGHOST: string; PGPORT: string; PGUSER: string } {
    return { PGHOST: '127.0.0.1', PGPORT: String(this.port), PGUSER: 'postgres' };
  }

  private get dataDir(): string {
    return path.join(this.dir, 'data');
  }

  /** Starts the server again after `crash()`; nothing happens while it runs. */
  async resume(): Promise<void> {
    if (this.running) return;
    // TCP only (the default socket directory may not be writable), and no fsync: the data outlives a crash of the server, not of the machine.
    const options = `-p ${this.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c fsync=off -c max_connections=200`;
    await pgTool('pg_ctl', ['-D', this.dataDir, '-o', options, '-l', path.join(this.dataDir, 'server.log'), '-w', '-t', '30', 'start']);
    this.running = true;
  }

  /** Stops the server as a crash would (`-m immediate`: no checkpoint, every connection cut); it recovers from its WAL on `resume()`. */
  async crash(): Promise<void> {
    await this.halt('immediate');
  }

  /** Stops the server and deletes its data. */
  async stop(): Promise<void> {
    await this.halt('fast').catch(() => undefined);
    await rm(this.dir, { recursive: true, force: true });
  }

  private async halt(mode: 'immediate' | 'fast'): Promise<void> {
    if (!this.running) return;
    await pgTool('pg_ctl', ['-D', this.dataDir, '-m', mode, '-w', '-t', '30', 'stop']);
    this.running = false;
  }
}
