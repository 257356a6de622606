/**
 * The frame of a benchmark's entry point: its body registers what it opens (stacks, databases,
 * worktrees) as it goes; those are closed in reverse order whatever happened, and the process
 * exits 1 when the body threw or reported a failed run.
 */
export type Cleanups = { push(cleanup: () => Promise<unknown>): void };

export async function runBenchmark(body: (cleanups: Cleanups) => Promise<{ failed: boolean }>): Promise<never> {
  const cleanups: (() => Promise<unknown>)[] = [];
  let exitCode = 0;
  try {
    if ((await body(cleanups)).failed) exitCode = 1;
  } catch (error) {
    console.error(error);
    exitCode = 1;
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup().catch((error: unknown) => console.error(error));
  }
  process.exit(exitCode);
}
