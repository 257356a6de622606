import type { AnyEvent } from '@taskgraph/contracts';
import { AppError, newId } from '@taskgraph/kit';
import type { ExecutionResult } from 'graphql';
import type { GatewayContext } from '../context.js';
import { Channel } from './channel.js';
import type { LiveCursors } from './cursor.js';
import type { LiveExecutor, PlannedSubscription } from './executor.js';
import type { Feed } from './feeds.js';
import type { LiveRoot } from './schema.js';
import type { LiveStream, Sequenced } from './stream.js';

export interface LiveSubscriptionOptions {
  planned: PlannedSubscription;
  feed: Feed;
  context: GatewayContext;
  stream: LiveStream;
  executor: LiveExecutor;
  cursors: LiveCursors;
  /** The stream sequence to resume after (a cursor's), or null to start with the next event. */
  after: number | null;
  /**
   * Starting live (no `after`): the stream's last sequence when the subscription was accepted.
   * The replica's feed may not have read that far yet, and what the stream held before the
   * subscription began is not the subscriber's to hear live (a query shows it).
   */
  liveFrom: number;
  /** Events a subscriber may fall behind by before it is cut off. */
  queueLimit: number;
  onOverflow: () => void;
  /** Called once when the subscription ends, however it ends. */
  onEnd: () => void;
}

/** Queued events of one subscription resolved at the same time, at most. */
const RESOLVED_AHEAD = 8;

interface Delivery {
  seq: number;
  event: AnyEvent;
  root: LiveRoot;
}

/**
 * One client subscription. Events of its feed queue up (bounded) and each, in order, is turned
 * into a result when the client is ready for the next one, with the event's cursor. Events and
 * the revocations that end it come from one stream, in the order they happened, each sequence
 * at most once. Resuming, it first replays the stream after the cursor at the client's pace
 * (the channel's room), then joins the live feed at the very sequence where the replay caught
 * up with it: no gap, no duplicate. A reloaded supergraph changes the plan its next results are
 * executed with, not its place in the stream.
 */
export function liveSubscription(options: LiveSubscriptionOptions): AsyncIterableIterator<ExecutionResult> {
  const { feed, context, stream, executor, cursors } = options;
  const stops: (() => void)[] = [];
  let replay: AsyncGenerator<Sequenced> | null = null;
  const channel = new Channel<Delivery>(
    options.queueLimit,
    () => {
      for (const stop of stops) stop();
      void replay?.return(undefined);
      options.onEnd();
    },
    () => {
      options.onOverflow();
      return new AppError('RATE_LIMITED', 'Subscriber fell too far behind; resume with the last cursor', { retryAfterSeconds: 1 });
    },
  );
  // Planned again on every reloaded supergraph, or ended when it is not valid against it.
  const plan = executor.track(options.planned, (error) => channel.fail(error));
  stops.push(() => plan.release());
  let last = options.after ?? Math.max(stream.position, options.liveFrom);
  const take = ({ seq, event }: Sequenced): void => {
    if (seq <= last) return;
    last = seq;
    if (!event) return;
    const root = feed.root(event);
    if (root) channel.push({ seq, event, root });
    const revoked = feed.revokes(event);
    if (revoked) channel.fail(revoked);
  };
  const join = () => {
    for (const pattern of feed.subjects) stops.push(stream.listen(pattern, feed.scope, take));
  };
  const catchUp = async () => {
    while (!channel.closed) {
      if (last >= stream.position) return join();
      replay = stream.replay(last);
      for await (const item of replay) {
        await channel.whenRoom();
        if (channel.closed) return;
        take(item);
        // Synchronously with the check, so that the next live event is the next one after it.
        if (last >= stream.position) return join();
      }
    }
  };
  if (options.after === null) join();
  else
    catchUp().catch((error: unknown) => {
      if (!channel.closed)
        channel.fail(new AppError('INTERNAL_SERVER_ERROR', `Could not replay the events after the cursor: ${String(error)}`));
    });

  // Queued events are resolved a few at once and handed out in order: a replay, or a burst,
  // costs the rest fetches' round trips side by side rather than one after another.
  const resolve = async (item: IteratorResult<Delivery>): Promise<IteratorResult<ExecutionResult>> => {
    if (item.done) return item;
    const { seq, event, root } = item.value;
    const result = await executor.execute(plan.current, feed.key, event, root, { ...context, requestId: newId() });
    return { value: { ...result, extensions: { ...result.extensions, cursor: cursors.encode(seq, feed.key) } }, done: false };
  };
  const ahead: Promise<IteratorResult<ExecutionResult>>[] = [];
  const resolveNext = () => {
    const resolved = channel.next().then(resolve);
    // Its failure is the reader's once it comes to it: not an unhandled rejection while it waits its turn.
    resolved.catch(() => undefined);
    ahead.push(resolved);
  };
  const results: AsyncIterableIterator<ExecutionResult> = {
    next() {
      if (!ahead.length) resolveNext();
      while (ahead.length < RESOLVED_AHEAD && channel.queued) resolveNext();
      return ahead.shift()!;
    },
    async return() {
      ahead.length = 0;
      await channel.return();
      return { value: undefined, done: true };
    },
    [Symbol.asyncIterator]: () => results,
  };
  return results;
}
