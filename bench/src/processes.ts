/**
 * Services run as OS processes of their own, so that each one's memory and CPU time can be read
 * from /proc while a benchmark drives it, and so that nothing of the benchmark's own work is
 * counted against them.
 */
import { readdir, readFile } from 'node:fs/promises';
import { answersOk, ManagedProcess } from '@taskgraph/kit/processes';

/** Linux's clock ticks per second for utime/stime in /proc/<pid>/stat (USER_HZ, 100 on every usual kernel). */
const CLOCK_TICKS = 100;
const MIB = 1024 * 1024;

/** User and system CPU time from a /proc/<pid>/stat line. */
function cpuSecondsOf(stat: string): number {
  // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

/**
 * The CPU time used so far by every process on the machine whose command is `name` (e.g.
 * `postgres`: a server and its backends). Backends that end between two readings take their
 * time with them, so this is for pooled connections that stay open.
 */
export async function cpuSecondsOfCommand(name: string): Promise<number> {
  const pids = (await readdir('/proc')).filter((entry) => /^\d+$/.test(entry));
  const stats = await Promise.all(pids.map((pid) => readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '')));
  return stats
    .filter((stat) => stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')) === name)
    .reduce((sum, stat) => sum + cpuSecondsOf(stat), 0);
}

export interface ProcessSpec {
  name: string;
  /** What to run with this Node binary: a script and its arguments. */
  args: string[];
  env: NodeJS.ProcessEnv;
  port: number;
  /** Answers 200 once the service serves (its readiness endpoint, or a GraphQL GET). */
  readyUrl: string;
  readyHeaders?: Record<string, string>;
  cwd?: string;
}

export interface ProcessSample {
  rssMiB: number;
  /** Total CPU time (user + system) the process has used so far, in seconds. */
  cpuSeconds: number;
}

const running = new Set<ServiceProcess>();
let exitHooked = false;

/** A last resort when the benchmark dies without stopping its children (an exception, Ctrl-C): none outlives it. */
function hookExit(): void {
  if (exitHooked) return;
  exitHooked = true;
  process.on('exit', () => {
    for (const child of running) child.killNow();
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      console.error(`\n${signal}: stopping every service started…`);
      void Promise.allSettled([...running].map((child) => child.stop())).then(() => process.exit(130));
    });
  }
}

export class ServiceProcess {
  private constructor(
    readonly spec: ProcessSpec,
    private readonly managed: ManagedProcess,
  ) {}

  static async start(spec: ProcessSpec): Promise<ServiceProcess> {
    hookExit();
    // Output is kept only to explain a failed start, and stderr shown: a quiet service costs nothing here.
    const child = new ManagedProcess({
      name: spec.name,
      args: spec.args,
      env: spec.env,
      ...(spec.cwd ? { cwd: spec.cwd } : {}),
      onLine: (line, stream) => {
        if (stream === 'stderr') process.stderr.write(`[${spec.name}] ${line}\n`);
      },
    });
    const service = new ServiceProcess(spec, child);
    running.add(service);
    void child.exited.then(() => running.delete(service));
    try {
      await child.waitUntil(() => answersOk(spec.readyUrl, { headers: { accept: 'application/json', ...spec.readyHeaders } }), {
        timeoutMs: 60_000,
      });
    } catch (error) {
      await service.stop();
      throw new Error(`${error instanceof Error ? error.message : String(error)}\n${child.lastLines.join('\n')}`);
    }
    return service;
  }

  get name(): string {
    return this.spec.name;
  }

  get pid(): number {
    return this.managed.child.pid!;
  }

  get origin(): string {
    return `http://127.0.0.1:${this.spec.port}`;
  }

  /** Resident memory and CPU time used so far, from /proc. */
  async sample(): Promise<ProcessSample> {
    const [status, stat] = await Promise.all([readFile(`/proc/${this.pid}/status`, 'utf8'), readFile(`/proc/${this.pid}/stat`, 'utf8')]);
    const rssKiB = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
    return { rssMiB: rssKiB / 1024, cpuSeconds: cpuSecondsOf(stat) };
  }

  /** The V8 heap in use, from the service's Prometheus metrics (our services only; null when it serves none). */
  async heapUsedMiB(): Promise<number | null> {
    const bytes = await this.metric('nodejs_heap_size_used_bytes');
    return bytes === null ? null : bytes / MIB;
  }

  /** A metric of the service's Prometheus metrics, its samples of every label added up (our services only; null when it has none). */
  async metric(name: string): Promise<number | null> {
    const response = await fetch(`${this.origin}/metrics`).catch(() => null);
    if (!response?.ok) return null;
    const samples = [...(await response.text()).matchAll(new RegExp(`^${name}(?:\\{[^}]*\\})? ([\\d.e+-]+)$`, 'gm'))];
    return samples.length ? samples.reduce((sum, sample) => sum + Number(sample[1]), 0) : null;
  }

  /** SIGTERM, then SIGKILL if it has not stopped within the grace period. */
  async stop(): Promise<void> {
    await this.managed.stop();
  }

  killNow(): void {
    this.managed.signal('SIGKILL');
  }
}
