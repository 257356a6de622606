import { AppError } from '@taskgraph/kit';
import type { LiveCursors } from './cursor.js';
import type { Feed } from './feeds.js';
import type { LiveStream } from './stream.js';

export interface ResumeOptions {
  cursors: LiveCursors;
  stream: LiveStream;
  /** Stream events one resume may replay at most; an older cursor is CURSOR_EXPIRED. */
  maxReplay: number;
}

/** How long a resume waits for the live feed to read the stream (NATS may be coming back). */
const FEED_WAIT_MS = 5000;

const expired = () =>
  new AppError('CURSOR_EXPIRED', 'This cursor is older than the event history kept: reload with a query, then subscribe without `after`');

/**
 * The stream sequence a subscription resumes after, or null to start live: a cursor that is not
 * this feed's is BAD_USER_INPUT, and one whose events the stream no longer holds (or too many of
 * them to replay) is CURSOR_EXPIRED.
 */
export async function resumeAfter(after: unknown, feed: Feed, { cursors, stream, maxReplay }: ResumeOptions): Promise<number | null> {
  if (after === undefined || after === null) return null;
  const seq = cursors.decode(String(after), feed.key);
  if (!(await stream.whenReady(FEED_WAIT_MS)))
    throw new AppError('INTERNAL_SERVER_ERROR', 'Live events are unavailable for a moment; subscribe again');
  const { first, last } = await stream.bounds();
  // A sequence past the end is a stream that was made anew since: its history is gone too.
  if (seq + 1 < first || seq > last || stream.position - seq > maxReplay) throw expired();
  return seq;
}
