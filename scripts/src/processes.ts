import { type Exit, ManagedProcess, ProcessStartError, type ReadyWait } from '@taskgraph/kit/processes';
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

/** A process we started and must stop. */
export class Child extends ManagedProcess {
  readonly group: string;

  constructor({ group, echo, env, ...options }: ChildOptions) {
    const labelled = (raw: string) => formatLogLine(raw).map((text) => `${label(options.name)} ${text}`);
    super({
      ...options,
      env: env ?? process.env,
      // Its own process group: Ctrl-C in the terminal then reaches only us, and we stop everything in order.
      detached: true,
      keep: labelled,
      onLine: (raw, stream) => {
        if (!echo) return;
        for (const line of labelled(raw)) (stream === 'stdout' ? console.log : console.error)(line);
      },
    });
    this.group = group;
  }

  override stop(): Promise<Exit> {
    return super.stop(undefined, () => say(`${this.name} did not stop within 10 s; killing it.`));
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
    const groups = [...new Set(this.#all.map((child) => child.group))].reverse();
    for (const group of groups) {
      const running = this.#all.filter((child) => child.group === group && !child.hasExited);
      if (!running.length) continue;
      say(`Stopping ${running.map((child) => child.name).join(', ')}…`);
      await Promise.all(running.map((child) => child.stop()));
    }
    return this.#all.length > 0;
  }
}

/** Polls isReady until it says yes; fails with the child's last log lines if the child exits or the time runs out. */
export async function waitUntilReady(
  child: Child,
  isReady: () => boolean | Promise<boolean>,
  wait: ReadyWait & { signal: AbortSignal },
): Promise<void> {
  try {
    await child.waitUntil(isReady, { pollMs: 250, ...wait });
  } catch (error) {
    throw error instanceof ProcessStartError ? new Failure(error.message, error.lastLines) : error;
  }
}
