/**
 * Services run as OS processes of their own, so that each one's memory and CPU time can be read
 * from /proc while a benchmark drives it, and so that nothing of the benchmark's own work is
 * counted against them.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';

/** Linux's clock ticks per second for utime/stime in /proc/<pid>/stat (USER_HZ, 100 on every usual kernel). */
const CLOCK_TICKS = 100;
const STOP_GRACE_MS = 10_000;
const MIB = 1024 * 1024;

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
  private lastOutput: string[] = [];

  private constructor(
    readonly spec: ProcessSpec,
    private readonly child: ChildProcess,
  ) {
    // Kept only to explain a failed start; a quiet service costs nothing here.
    const keep = (chunk: Buffer) => {
      this.lastOutput.push(...chunk.toString().split('\n').filter(Boolean));
      this.lastOutput.splice(0, this.lastOutput.length - 20);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', (chunk: Buffer) => {
      keep(chunk);
      process.stderr.write(`[${spec.name}] ${chunk.toString()}`);
    });
  }

  static async start(spec: ProcessSpec): Promise<ServiceProcess> {
    hookExit();
    const child = spawn(process.execPath, spec.args, { env: spec.env, cwd: spec.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const service = new ServiceProcess(spec, child);
    running.add(service);
    child.once('exit', () => running.delete(service));
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`${spec.name} exited (${child.exitCode ?? child.signalCode}) while starting:\n${service.lastOutput.join('\n')}`);
      }
      if ((await fetch(spec.readyUrl, { headers: { accept: 'application/json', ...spec.readyHeaders } }).catch(() => null))?.ok) return service;
      if (Date.now() > deadline) {
        await service.stop();
        throw new Error(`${spec.name} was not ready after 60 s:\n${service.lastOutput.join('\n')}`);
      }
      await sleep(100);
    }
  }

  get name(): string {
    return this.spec.name;
  }

  get pid(): number {
    return this.child.pid!;
  }

  get origin(): string {
    return `http://127.0.0.1:${this.spec.port}`;
  }

  /** Resident memory and CPU time used so far, from /proc. */
  async sample(): Promise<ProcessSample> {
    const [status, stat] = await Promise.all([readFile(`/proc/${this.pid}/status`, 'utf8'), readFile(`/proc/${this.pid}/stat`, 'utf8')]);
    const rssKiB = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
    // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return { rssMiB: rssKiB / 1024, cpuSeconds: ticks / CLOCK_TICKS };
  }

  /** The V8 heap in use, from the service's Prometheus metrics (our services only; null when it serves none). */
  async heapUsedMiB(): Promise<number | null> {
    const response = await fetch(`${this.origin}/metrics`).catch(() => null);
    if (!response?.ok) return null;
    const match = /^nodejs_heap_size_used_bytes(?:\{[^}]*\})? ([\d.e+]+)$/m.exec(await response.text());
    return match ? Number(match[1]) / MIB : null;
  }

  /** SIGTERM, then SIGKILL if it has not stopped within the grace period. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGTERM');
    if (!(await Promise.race([exited.then(() => true), sleep(STOP_GRACE_MS, false)]))) {
      this.killNow();
      await exited;
    }
  }

  killNow(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }
}
