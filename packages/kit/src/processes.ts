/**
 * Services run as processes of their own, by `npm start`, by the fault tests and by the
 * benchmarks alike: spawned with an environment, their output read line by line (and the last
 * lines kept to explain a failure), waited for until they answer, and stopped with SIGTERM,
 * then SIGKILL if they outstay the grace period.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import readline from 'node:readline';
import type { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { localOrigin, type ServiceInfo } from './services.js';

/** The repository's root folder, which service entry points are relative to. */
export const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));

export interface ProcessOptions {
  name: string;
  /** This Node binary unless given. */
  command?: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  cwd?: string;
  /** Its own process group: Ctrl-C in a terminal then reaches only its parent, and a forced stop kills the whole group. */
  detached?: boolean;
  /** An IPC channel, for a Node child that reports with process.send. */
  ipc?: boolean;
  /** Each line it prints, as it comes. */
  onLine?(line: string, stream: 'stdout' | 'stderr'): void;
  /** How a line is kept among the last lines (labelled, reformatted); as printed unless given. */
  keep?(line: string): string[];
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A process that ended, or did not answer in time, before it was ready; with its last lines. */
export class ProcessStartError extends Error {
  override name = 'ProcessStartError';
  constructor(
    message: string,
    readonly lastLines: string[],
  ) {
    super(message);
  }
}

export interface ReadyWait {
  timeoutMs: number;
  /** Ends the wait with an AbortError when aborted (its parent is asked to stop). */
  signal?: AbortSignal;
  pollMs?: number;
}

const KEPT_LINES = 20;
const STOP_GRACE_MS = 10_000;

export class ManagedProcess {
  readonly child: ChildProcess;
  /** Settles once the process has exited and its output is read to the end. */
  readonly exited: Promise<Exit>;
  #exit: string | undefined;
  #lines: string[] = [];

  constructor(readonly options: ProcessOptions) {
    this.child = spawn(options.command ?? process.execPath, options.args, {
      env: options.env,
      cwd: options.cwd,
      detached: options.detached ?? false,
      stdio: options.ipc ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'],
    });
    this.#read(this.child.stdout, 'stdout');
    this.#read(this.child.stderr, 'stderr');
    let spawnError: Error | undefined;
    this.child.once('error', (error) => (spawnError = error));
    this.exited = new Promise((resolve) => {
      this.child.once('close', (code, signal) => {
        this.#exit = spawnError
          ? `could not be started (${spawnError.message})`
          : code !== null
            ? `exited with code ${code}`
            : `was killed by ${signal}`;
        resolve({ code, signal });
      });
    });
  }

  get name(): string {
    return this.options.name;
  }

  get hasExited(): boolean {
    return this.#exit !== undefined || this.child.exitCode !== null || this.child.signalCode !== null;
  }

  /** How it ended, e.g. "exited with code 1". */
  get exitDescription(): string {
    return this.#exit ?? 'is running';
  }

  get lastLines(): string[] {
    return [...this.#lines];
  }

  signal(signal: NodeJS.Signals): void {
    if (!this.hasExited) this.child.kill(signal);
  }

  /** Sends `signal` (a crash by default) and waits for the process to end; nothing is sent if it has ended already. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<Exit> {
    this.signal(signal);
    return this.exited;
  }

  /** SIGTERM, and SIGKILL (for its whole group if it has one) if it is still there after the grace period. */
  async stop(graceMs = STOP_GRACE_MS, onOverdue?: () => void): Promise<Exit> {
    this.signal('SIGTERM');
    const inTime = await Promise.race([this.exited.then(() => true), sleep(graceMs, false, { ref: false })]);
    if (!inTime) {
      onOverdue?.();
      this.#killNow();
    }
    return this.exited;
  }

  /** Polls `isReady` until it says yes; fails with the last lines if the process ends or the time runs out first. */
  async waitUntil(isReady: () => Promise<boolean> | boolean, { timeoutMs, signal, pollMs = 100 }: ReadyWait): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      signal?.throwIfAborted();
      if (this.hasExited) throw new ProcessStartError(`${this.name} ${this.#exit ?? 'exited'} before it was ready.`, this.lastLines);
      if (await isReady()) {
        // Everything may have begun stopping meanwhile: then this one is not announced as ready.
        signal?.throwIfAborted();
        return;
      }
      if (Date.now() > deadline) throw new ProcessStartError(`${this.name} was not ready after ${timeoutMs / 1000} s.`, this.lastLines);
      await sleep(pollMs, undefined, signal ? { signal } : {});
    }
  }

  /** Ends it outright, at once (a last resort as its parent exits). */
  #killNow(): void {
    if (this.hasExited) return;
    try {
      if (this.options.detached && this.child.pid !== undefined) process.kill(-this.child.pid, 'SIGKILL');
      else this.child.kill('SIGKILL');
    } catch {
      // The group is already gone.
    }
  }

  #read(stream: Readable | null, name: 'stdout' | 'stderr'): void {
    if (!stream) return;
    readline.createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
      this.#lines.push(...(this.options.keep?.(line) ?? [line]));
      this.#lines.splice(0, this.#lines.length - KEPT_LINES);
      this.options.onLine?.(line, name);
    });
  }
}

/** Whether GET `url` answers 2xx. */
export async function answersOk(
  url: string,
  { headers = {}, timeoutMs = 2000 }: { headers?: Record<string, string>; timeoutMs?: number } = {},
): Promise<boolean> {
  const response = await fetch(url, { headers, signal: AbortSignal.timeout(timeoutMs) }).catch(() => null);
  await response?.body?.cancel();
  return response?.ok ?? false;
}

/** A TCP port nothing listens on at the moment, for a server about to start. */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface ServiceProcessOptions extends Omit<ProcessOptions, 'name' | 'args' | 'command' | 'cwd'> {
  port: number;
  /** Node flags before the entry point, e.g. --cpu-prof. */
  nodeFlags?: string[];
  /** Ready once this path answers 2xx (a readiness endpoint unless given). */
  readyPath?: string;
  ready: ReadyWait;
}

/** One of the services, from its compiled entry point, on `port`; resolves once it answers, stops it if it never does. */
export async function startServiceProcess(
  service: ServiceInfo,
  { port, nodeFlags = [], readyPath = '/health/ready', ready, env, ...options }: ServiceProcessOptions,
): Promise<ManagedProcess> {
  const started = new ManagedProcess({
    ...options,
    name: service.name,
    args: [...nodeFlags, path.join(repoRoot, service.entry)],
    cwd: repoRoot,
    env: { ...env, PORT: String(port) },
  });
  try {
    await started.waitUntil(() => answersOk(`${localOrigin(port)}${readyPath}`), ready);
  } catch (error) {
    await started.stop();
    throw error;
  }
  return started;
}
