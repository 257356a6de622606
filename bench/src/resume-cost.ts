/**
 * What a resume costs: one subscriber of `taskChanged` takes a cursor and goes away, the
 * project's task is changed `events` times meanwhile, and the subscriber comes back with the
 * cursor. Timed from the resuming subscribe to the last missed event's result; each replayed
 * event is authorized and resolved as the subscriber, as a live one is.
 */
import { performance } from 'node:perf_hooks';
import { eventually } from '@taskgraph/kit/testing';
import { liveClient } from '@taskgraph/stack';
import { graphqlData, inParallel } from './graphql-http.js';
import type { SeededUser } from './seed.js';
import { round } from './stats.js';

export interface ResumeCost {
  events: number;
  /** From the resuming subscribe to the last missed result. */
  totalMs: number;
  perEventMs: number;
  /** From the resuming subscribe to the first replayed result. */
  firstMs: number;
  /** Whether exactly the missed events came, each once. */
  exact: boolean;
}

const TASK_CHANGED = `subscription($p: ID!, $after: String) { taskChanged(projectId: $p, after: $after) { id kind taskId occurredAt changes { field to } task { title status assignee { displayName } } actor { displayName } } }`;
const RENAME = 'mutation($t: ID!, $title: String!) { updateTask(id: $t, input: { title: $title }) { id } }';
const WRITE_CONCURRENCY = 8;

interface Result {
  data?: { taskChanged?: { changes: { field: string; to: string | null }[] } } | null;
  extensions?: { cursor?: string };
}

export async function measureResume(url: string, user: SeededUser, projectId: string, taskId: string, events: number): Promise<ResumeCost> {
  const rename = (title: string) => graphqlData(url, RENAME, { t: taskId, title }, user.token);
  const titleOf = (result: Result) => result.data?.taskChanged?.changes.find((change) => change.field === 'title')?.to;

  // A first subscription takes the cursor of a change it heard. Until it is live a change goes
  // unheard: rename until the last rename is heard, so that none comes after the cursor.
  const first = liveClient(url, user.token);
  const cursors = new Map<string, string>();
  first.subscribe<Result['data']>(
    { query: TASK_CHANGED, variables: { p: projectId } },
    {
      next: (result) => {
        const title = titleOf(result as Result);
        const cursor = (result as Result).extensions?.cursor;
        if (title && cursor) cursors.set(title, cursor);
      },
      error: (error) => console.error('resume: first subscription failed', error),
      complete: () => undefined,
    },
  );
  let attempt = 0;
  const from = await eventually(
    async () => {
      const title = `resume: before ${attempt++}`;
      await rename(title);
      return eventually(async () => cursors.get(title), 1000, title).catch(() => undefined);
    },
    60_000,
    'the first subscription to hear a change',
  );
  await first.dispose();

  // While it is away, the task changes `events` times.
  const titles = Array.from({ length: events }, (_, n) => `resume: missed ${n}`);
  await inParallel(titles, WRITE_CONCURRENCY, (title) => rename(title));

  const arrived: string[] = [];
  const resumed = liveClient(url, user.token);
  let firstAt = Number.NaN;
  const started = performance.now();
  resumed.subscribe<Result['data']>(
    { query: TASK_CHANGED, variables: { p: projectId, after: from } },
    {
      next: (result) => {
        if (!arrived.length) firstAt = performance.now();
        arrived.push(titleOf(result as Result) ?? '');
      },
      error: (error) => console.error('resume error', error),
      complete: () => undefined,
    },
  );
  await eventually(async () => (arrived.length >= events ? true : undefined), 300_000, `${events} replayed events`);
  const totalMs = performance.now() - started;
  await resumed.dispose();
  // The renames ran some at a time, so their order is the stream's (the resume tests check it): here, each missed one, once.
  const missed = new Set(titles);
  const exact = arrived.length === events && new Set(arrived).size === events && arrived.every((title) => missed.has(title));
  return { events, totalMs: round(totalMs, 0), perEventMs: round(totalMs / events, 2), firstMs: round(firstAt - started, 0), exact };
}
