import { accessSync, constants, mkdirSync } from 'node:fs';
import path from 'node:path';
import { connect, type NatsConnection } from 'nats';
import { Failure, say } from './output.js';
import { type Children, waitUntilReady } from './processes.js';
import { repoRoot } from './services.js';

const defaultUrl = 'nats://127.0.0.1:4222';
const localHosts = new Set(['127.0.0.1', 'localhost', '[::1]', '0.0.0.0']);

/** Makes sure a NATS server with JetStream runs at NATS_URL, starting a local nats-server if there is none; returns the URL. */
export async function provideNats(children: Children, signal: AbortSignal): Promise<string> {
  const url = process.env.NATS_URL ?? defaultUrl;
  const shownUrl = url.replace(/\/\/[^/@]*@/g, '//…@');
  const problem = await natsProblem(url);
  if (!problem) {
    say(`NATS: using ${shownUrl}.`);
    return url;
  }
  if (problem.reachable) throw new Failure(`The NATS server at ${shownUrl} cannot be used: ${problem.message}`);

  const { hostname, port } = firstServer(url);
  if (!localHosts.has(hostname)) {
    throw new Failure(
      `No NATS server answers at ${shownUrl} (${problem.message}). Check that it runs and is reachable, or unset NATS_URL to use a local one.`,
    );
  }
  const binary = findNatsServer();
  if (!binary) throw new Failure(howToGetNats(shownUrl));

  const storeDir = path.join(repoRoot, '.data', 'nats');
  mkdirSync(storeDir, { recursive: true });
  say(`No NATS at ${shownUrl}; starting ${binary} on port ${port}, data in .data/nats…`);
  const server = children.spawn({
    name: 'nats',
    command: binary,
    args: ['-js', '-a', '127.0.0.1', '-p', String(port), '-sd', storeDir],
    cwd: repoRoot,
    group: 'nats',
    echo: false,
  });
  await waitUntilReady(server, async () => !(await natsProblem(url)), { timeoutMs: 15_000, signal });
  say(`NATS: started at ${shownUrl}.`);
  return url;
}

interface NatsProblem {
  message: string;
  /** A server answered, but is not one the services can use. */
  reachable: boolean;
}

async function natsProblem(url: string): Promise<NatsProblem | undefined> {
  let connection: NatsConnection;
  try {
    connection = await connect({ servers: url.split(','), timeout: 2000, reconnect: false });
  } catch (error) {
    return { message: error instanceof Error ? error.message : String(error), reachable: false };
  }
  try {
    // The services keep their events in JetStream streams, so a server without JetStream won't do.
    await connection.jetstreamManager();
    return undefined;
  } catch (error) {
    return {
      message: `JetStream is not available (${error instanceof Error ? error.message : String(error)}); run nats-server with -js.`,
      reachable: true,
    };
  } finally {
    await connection.close();
  }
}

function firstServer(url: string): { hostname: string; port: number } {
  const first = url.split(',')[0]?.trim() ?? '';
  const parsed = new URL(first.includes('://') ? first : `nats://${first}`);
  return { hostname: parsed.hostname, port: Number(parsed.port || 4222) };
}

/** nats-server from PATH, or from the sbin folders that Debian's package installs into but a user's PATH may lack. */
function findNatsServer(): string | undefined {
  const folders = [...(process.env.PATH ?? '').split(path.delimiter), '/usr/local/sbin', '/usr/sbin', '/sbin'];
  for (const folder of folders.filter(Boolean)) {
    const candidate = path.join(folder, 'nats-server');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not here.
    }
  }
  return undefined;
}

function howToGetNats(shownUrl: string): string {
  const lines = [
    `No NATS server answers at ${shownUrl}, and nats-server is not installed to start one.`,
    'The services need NATS with JetStream. Any one of these will do:',
    '  • install nats-server and run npm start again: apt-get install nats-server (Debian, Ubuntu) or brew install nats-server (macOS)',
    '  • run one in Docker: docker run -p 4222:4222 nats -js',
    '  • point NATS_URL at a NATS server with JetStream that you already have',
  ];
  return lines.join('\n');
}
