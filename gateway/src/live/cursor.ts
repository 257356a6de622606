import { createHmac, timingSafeEqual } from 'node:crypto';
import { badUserInput } from '@taskgraph/kit';

/**
 * Cursors of live results: where in the event stream a result was made, for the subscription
 * (its feed) it was made for. Opaque to clients: base64url of `{ v, seq, feed }`, then a MAC
 * over it, so a cursor that was altered, or made for another stream or deployment, is refused
 * rather than read as a position. Every replica of a deployment must share the key.
 */
export class LiveCursors {
  private readonly key: Buffer;

  constructor(secret: string, stream: string) {
    // The stream is part of the key: a cursor of another stream names positions that are not this one's.
    this.key = createHmac('sha256', secret).update(stream).digest();
  }

  encode(seq: number, feed: string): string {
    const body = Buffer.from(JSON.stringify({ v: 1, seq, feed })).toString('base64url');
    return `${body}.${this.mac(body).toString('base64url')}`;
  }

  /** The sequence a cursor stands for; BAD_USER_INPUT when it was tampered with, is foreign, or was made for another subscription. */
  decode(cursor: string, feed: string): number {
    const [body, mac, ...rest] = cursor.split('.');
    const given = Buffer.from(mac ?? '', 'base64url');
    const expected = body ? this.mac(body) : Buffer.alloc(0);
    if (!body || rest.length || given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalid();
    const value: unknown = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    if (
      typeof value !== 'object' ||
      value === null ||
      !('v' in value && 'seq' in value && 'feed' in value) ||
      value.v !== 1 ||
      typeof value.seq !== 'number' ||
      !Number.isSafeInteger(value.seq) ||
      value.seq < 0
    )
      throw invalid();
    if (value.feed !== feed)
      throw badUserInput({ after: 'a cursor of another subscription' }, 'This cursor was given by another subscription');
    return value.seq;
  }

  private mac(body: string): Buffer {
    return createHmac('sha256', this.key).update(body).digest().subarray(0, 16);
  }
}

const invalid = () => badUserInput({ after: 'invalid cursor' }, 'Invalid cursor');
