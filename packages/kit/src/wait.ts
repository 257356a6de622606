export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Asks `probe` again, with growing pauses, until it answers something other than undefined or
 * `timeoutMs` has passed. For reads of data that arrives by event and may be a moment behind a
 * client that has just caused it.
 */
export async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (let pause = 20; ; pause = Math.min(pause * 2, 500)) {
    const value = await probe();
    if (value !== undefined || Date.now() >= deadline) return value;
    await sleep(Math.min(pause, Math.max(0, deadline - Date.now())));
  }
}
