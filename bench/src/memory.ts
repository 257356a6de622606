/**
 * Memory and CPU of every service process, sampled through a run: resident set from /proc, V8
 * heap in use from the service's own metrics, so that growth can be told from a steady state.
 */

import type { ServiceProcess } from './processes.js';
import { round, slope } from './stats.js';

export interface MemorySample {
  /** Seconds since the watch started. */
  at: number;
  rssMiB: number;
  heapUsedMiB: number | null;
  cpuSeconds: number;
}

export interface MemorySummary {
  service: string;
  start: MemorySample;
  middle: MemorySample;
  end: MemorySample;
  peakRssMiB: number;
  /** Least-squares slope over the second half of the run, MiB per minute: near 0 is steady. */
  rssSlopeMiBPerMin: number;
  heapSlopeMiBPerMin: number | null;
  /**
   * The lowest heap in use in the first and in the second half: what survives garbage
   * collection. The heap in use swings with the collector, so its floor tells a leak better.
   */
  heapFloorMiB: { firstHalf: number | null; secondHalf: number | null };
  /** CPU time over wall time: 1 is one core busy all the time. */
  cpuCores: number;
}

export class MemoryWatch {
  readonly samples = new Map<string, MemorySample[]>();
  private timer: NodeJS.Timeout | undefined;
  private readonly startedAt = Date.now();

  constructor(private readonly services: ServiceProcess[]) {
    for (const service of services) this.samples.set(service.name, []);
  }

  /** Takes a sample of every service now and then every `intervalMs`. */
  async start(intervalMs: number): Promise<void> {
    await this.sampleAll();
    this.timer = setInterval(() => void this.sampleAll(), intervalMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.sampleAll();
  }

  async sampleAll(): Promise<void> {
    const at = (Date.now() - this.startedAt) / 1000;
    await Promise.all(
      this.services.map(async (service) => {
        const [process, heapUsedMiB] = await Promise.all([service.sample().catch(() => null), service.heapUsedMiB()]);
        if (process) this.samples.get(service.name)!.push({ at, heapUsedMiB, ...process });
      }),
    );
  }

  summaries(): MemorySummary[] {
    return [...this.samples].flatMap(([service, samples]) => {
      if (!samples.length) return [];
      const start = samples[0]!;
      const end = samples.at(-1)!;
      const middleAt = (start.at + end.at) / 2;
      const middle = samples.reduce((best, sample) => (Math.abs(sample.at - middleAt) < Math.abs(best.at - middleAt) ? sample : best));
      const secondHalf = samples.filter((sample) => sample.at >= middleAt);
      const floor = (half: MemorySample[]) => {
        const heaps = half.flatMap((sample) => (sample.heapUsedMiB === null ? [] : [sample.heapUsedMiB]));
        return heaps.length ? round(Math.min(...heaps)) : null;
      };
      const perMinute = (pick: (sample: MemorySample) => number | null) => {
        const points = secondHalf.flatMap((sample) => (pick(sample) === null ? [] : [{ x: sample.at / 60, y: pick(sample)! }]));
        return points.length ? round(slope(points), 2) : null;
      };
      const round1 = (sample: MemorySample): MemorySample => ({
        at: round(sample.at),
        rssMiB: round(sample.rssMiB),
        heapUsedMiB: sample.heapUsedMiB === null ? null : round(sample.heapUsedMiB),
        cpuSeconds: round(sample.cpuSeconds, 2),
      });
      return [
        {
          service,
          start: round1(start),
          middle: round1(middle),
          end: round1(end),
          peakRssMiB: round(Math.max(...samples.map((sample) => sample.rssMiB))),
          rssSlopeMiBPerMin: perMinute((sample) => sample.rssMiB) ?? 0,
          heapSlopeMiBPerMin: perMinute((sample) => sample.heapUsedMiB),
          heapFloorMiB: { firstHalf: floor(samples.filter((sample) => sample.at < middleAt)), secondHalf: floor(secondHalf) },
          cpuCores: end.at > start.at ? round((end.cpuSeconds - start.cpuSeconds) / (end.at - start.at), 2) : 0,
        },
      ];
    });
  }
}
