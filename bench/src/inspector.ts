/**
 * A service process seen through the V8 inspector it was started with (`--inspect`): its heap
 * after a full collection, which tells what live objects cost where the resident set and the
 * heap in use swing with the collector; and, to find where time and memory go, a CPU profile of
 * a stretch of the run and a heap snapshot, written to files that Chrome DevTools opens.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { finished } from 'node:stream/promises';
import CDP from 'chrome-remote-interface';

/** The Node flag that opens the inspector on `port`, on loopback only. */
export const inspectFlag = (port: number): string => `--inspect=127.0.0.1:${port}`;

export class Inspector {
  /** Where the chunks of the snapshot being taken go. */
  private snapshot: WriteStream | null = null;

  private constructor(private readonly client: CDP.Client) {
    client.HeapProfiler.on('addHeapSnapshotChunk', ({ chunk }) => this.snapshot?.write(chunk));
  }

  /** Node's inspector serves no protocol description of its own: the bundled one is used. */
  static async connect(port: number): Promise<Inspector> {
    return new Inspector(await CDP({ host: '127.0.0.1', port, local: true }));
  }

  /** The V8 heap in use right after a full garbage collection, in bytes. */
  async heapAfterGc(): Promise<number> {
    await this.client.HeapProfiler.collectGarbage();
    const { usedSize } = await this.client.Runtime.getHeapUsage();
    return usedSize;
  }

  /** Starts sampling the CPU; `stopCpuProfile` writes what it saw. */
  async startCpuProfile(): Promise<void> {
    await this.client.Profiler.enable();
    await this.client.Profiler.start();
  }

  async stopCpuProfile(file: string): Promise<void> {
    const { profile } = await this.client.Profiler.stop();
    await writeFile(file, JSON.stringify(profile));
  }

  /** A snapshot of the whole heap, streamed to `file` as the inspector sends it in chunks. */
  async heapSnapshot(file: string): Promise<void> {
    const out = createWriteStream(file);
    this.snapshot = out;
    try {
      await this.client.HeapProfiler.takeHeapSnapshot({ reportProgress: false });
    } finally {
      this.snapshot = null;
      out.end();
      await finished(out);
    }
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}
