import { spawn, type ChildProcess } from 'node:child_process';
import readline from 'node:readline';
import type { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { formatLogLine } from './logs.js';
import { Failure, label, say } from './output.js';

export interface ChildOptions {
  name: string;
  command: string;
  args: string[];
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** Children of one group start together and stop together; groups stop in the reverse order they started. */
  group: string;
  /** Show its output as it comes; otherwise it is only kept to explain a failure. */
  echo: boolean;
  /** An IPC channel, for a node child that reports readiness with process.send. */
  ipc?: boolean;
}

const keptLines = 20;
const stopGraceMs = 10_000;

/** A process we started and must stop. */
export class Child {
  readonly process: ChildProcess;
  /** Resolves once the process has exited and its output is read to the end. */
  readonly exited: Promise<void>;
  #exit: string | undefined;
  #lines: string[] = [];

  constructor(readonly options: ChildOptions) {
    this.process = spawn(options.command, options.args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      // Its own process group: Ctrl-C in the terminal then reaches only us, and we stop everything in order.
      detached: true,
      stdio: options.ipc ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'],
    });
    this.#read(this.process.stdout, (line) => console.log(line));
    this.#read(this.process.stderr, (line) => console.error(line));
    let spawnError: Error | undefined;
    this.process.once('error', (error) => (spawnError = error));
    this.exited = new Promise((resolve) => {
      this.process.once('close', (code, signal) => {
        this.#exit = spawnError ? `could not be started (${spawnError.message})` : code !== null ? `exited with code ${code}` : `was killed by ${signal}`;
        resolve();
      });
    });
  }

  get name(): string {
    return this.options.name;
  }

  get hasExited(): boolean {
    return this.#exit !== undefined;
  }

  /** How it ended, e.g. "exited with code 1". */
  get exitDescription(): string {
    return this.#exit ?? 'is running';
  }

  /** What it printed last, labelled with its name. */
  get lastLines(): string[] {
    return [...this.#lines];
  }

  signal(signal: NodeJS.Signals): void {
    if (!this.hasExited) this.process.kill(signal);
  }

  /** SIGTERM, and SIGKILL for its whole process group if it is still there after the grace period. */
  async stop(): Promise<void> {
    if (this.hasExited) return;
    this.signal('SIGTERM');
    const stoppedInTime = await Promise.race([this.exited.then(() => true), sleep(stopGraceMs, false, { ref: false })]);
    if (stoppedInTime) return;
    say(`${this.name} did not stop within ${stopGraceMs / 1000} s; killing it.`);
    try {
      if (this.process.pid !== undefined) process.kill(-this.process.pid, 'SIGKILL');
    } catch {
      // The group is already gone.
    }
    await this.exited;
  }

  #read(stream: Readable | null, print: (line: string) => void): void {
    if (!stream) return;
    readline.createInterface({ input: stream, crlfDelay: Infinity }).on('line', (raw) => {
      for (const line of formatLogLine(raw).map((text) => `${label(this.name)} ${text}`)) {
        this.#lines.push(line);
        if (this.options.echo) print(line);
      }
      this.#lines.splice(0, this.#lines.length - keptLines);
    });
  }
}

/** Everything we started, so that it can all be stopped in order, and nothing outlives us. */
export class Children {
  #all: Child[] = [];

  constructor() {
    // A last resort when we exit without stopping them (a crash): detached children would otherwise live on.
    process.on('exit', () => {
      for (const child of this.#all) child.signal('SIGTERM');
    });
  }

  spawn(options: ChildOptions): Child {
    const child = new Child(options);
    this.#all.push(child);
    return child;
  }

  /** The first child to exit, whichever it is. */
  firstExit(): Promise<Child> {
    return Promise.race(this.#all.map((child) => child.exited.then(() => child)));
  }

  /** Stops every child still running, in order; says whether there were any. */
  async stopAll(): Promise<boolean> {
    const groups = [...new Set(this.#all.map((child) => child.options.group))].reverse();
    for (const group of groups) {
      const running = this.#all.filter((child) => child.options.group === group && !child.hasExited);
      if (!running.length) continue;
      say(`Stopping ${running.map((child) => child.name).join(', ')}…`);
      await Promise.all(running.map((child) => child.stop()));
    }
    return this.#all.length > 0;
  }
}

export interface ReadyWait {
  timeoutMs: number;
  /** Aborted when we are asked to stop: the wait then ends with an AbortError. */
  signal: AbortSignal;
}

/** Polls isReady until it says yes; fails with the child's last log lines if the child exits or the time runs out. */
export async function waitUntilReady(child: Child, isReady: () => boolean | Promise<boolean>, { timeoutMs, signal }: ReadyWait): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    signal.throwIfAborted();
    if (child.hasExited) throw new Failure(`${child.name} ${child.exitDescription} before it was ready.`, child.lastLines);
    if (await isReady()) {
      // Another child may have failed meanwhile and everything is stopping: don't announce this one as ready.
      signal.throwIfAborted();
      return;
    }
    if (Date.now() > deadline) throw new Failure(`${child.name} was not ready after ${timeoutMs / 1000} s.`, child.lastLines);
    await sleep(250, undefined, { signal });
  }
}
