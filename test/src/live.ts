import assert from 'node:assert/strict';
import { eventually } from '@taskgraph/kit/testing';
import { liveClient, type Stack } from '@taskgraph/stack';
import type { Client } from 'graphql-ws';
import WebSocket, { type ClientOptions } from 'ws';

export interface LiveResult<T> {
  data?: T;
  errors?: { message: string; extensions?: { code?: string; reason?: string } }[];
  /** Every live result carries the cursor to resume after it. */
  extensions?: { cursor?: string };
}

/** Results collected as they come, over any transport, to be awaited one by one. */
export class Results<T> {
  readonly results: LiveResult<T>[] = [];
  private waiters: (() => void)[] = [];
  ended: Error | 'complete' | null = null;

  /** The n-th result (from 0), waiting for it up to `timeoutMs`. */
  async nth(n: number, timeoutMs = 10_000): Promise<LiveResult<T>> {
    const deadline = Date.now() + timeoutMs;
    while (this.results.length <= n) {
      if (this.ended)
        throw new Error(`subscription ended before result ${n}: ${this.ended instanceof Error ? this.ended.message : this.ended}`);
      if (Date.now() > deadline) throw new Error(`timed out waiting for result ${n} (have ${this.results.length})`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(0, deadline - Date.now()));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.results[n]!;
  }

  /** Resolves once the subscription has ended (with an error or complete). */
  async whenEnded(timeoutMs = 10_000): Promise<Error | 'complete'> {
    const deadline = Date.now() + timeoutMs;
    while (!this.ended) {
      if (Date.now() > deadline) throw new Error('timed out waiting for the subscription to end');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 100);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.ended;
  }

  add(result: LiveResult<T>): void {
    this.results.push(result);
    this.wake();
  }

  /** The first end counts: a client may complete after reporting the error. */
  end(how: Error | 'complete'): void {
    this.ended ??= how;
    this.wake();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}

/** A subscription over graphql-ws whose results are collected as they come. */
export class Subscription<T> extends Results<T> {
  private readonly unsubscribe: () => void;

  /**
   * With `resume`, each result's cursor is kept in the variables as `after`: graphql-ws sends the
   * same payload object again whenever it reconnects, so the subscription resumes where it left off.
   * `extensions` go with the subscribe message (a persisted document's hash, say).
   */
  constructor(
    client: Client,
    query: string,
    variables: Record<string, unknown> = {},
    { resume = false, extensions }: { resume?: boolean; extensions?: Record<string, unknown> } = {},
  ) {
    super();
    const payload = { query, variables: { ...variables }, ...(extensions ? { extensions } : {}) };
    this.unsubscribe = client.subscribe<T>(payload, {
      next: (result) => {
        const cursor = (result as LiveResult<T>).extensions?.cursor;
        if (resume && cursor) payload.variables.after = cursor;
        this.add(result as LiveResult<T>);
      },
      error: (error) => this.end(error instanceof Error ? error : new Error(JSON.stringify(error))),
      complete: () => this.end('complete'),
    });
  }

  close(): void {
    this.unsubscribe();
  }
}

export interface ErrorShape {
  message: string;
  extensions?: { code?: string } & Record<string, unknown>;
}

/** The errors a subscription ended with: graphql-ws hands its error sink the `error` message's payload. */
export async function endedWithErrors(subscription: Subscription<unknown>, timeoutMs = 10_000): Promise<ErrorShape[]> {
  const ended = await subscription.whenEnded(timeoutMs);
  assert.ok(ended instanceof Error, 'the subscription completed instead of failing');
  let errors: unknown;
  try {
    errors = JSON.parse(ended.message);
  } catch {
    assert.fail(`the subscription ended without GraphQL errors: ${ended.message}`);
  }
  assert.ok(Array.isArray(errors) && errors.length > 0, `the subscription ended without GraphQL errors: ${ended.message}`);
  return errors as ErrorShape[];
}

export const gatewayLive = (stack: Stack, accessToken?: string, onClosed?: (code: number, reason: string) => void) =>
  liveClient(stack.gateway.url, accessToken, onClosed);

/** The gateway refused the WebSocket upgrade with this HTTP status. */
export class UpgradeRefused extends Error {
  constructor(
    readonly status: number,
    readonly retryAfter: string | undefined,
  ) {
    super(`upgrade refused with HTTP ${status}`);
  }
}

type RawMessage = { id?: string; type: string; payload?: unknown };

/** graphql-transport-ws spoken by hand over a raw `ws` socket, so that reading can be paused and messages shaped at will. */
export class RawLiveSocket {
  readonly messages: RawMessage[] = [];
  closed: { code: number; reason: string } | null = null;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => this.messages.push(JSON.parse(String(data)) as RawMessage));
    socket.on('close', (code, reason) => {
      this.closed = { code, reason: String(reason) };
    });
  }

  /** An open socket that has sent nothing yet; rejects with UpgradeRefused when the gateway refuses it. */
  static async connect(url: string, options: ClientOptions = {}): Promise<RawLiveSocket> {
    const socket = new WebSocket(url.replace(/^http/, 'ws'), 'graphql-transport-ws', options);
    const raw = new RawLiveSocket(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('unexpected-response', (request, response) => {
        response.resume();
        request.destroy();
        reject(new UpgradeRefused(response.statusCode ?? 0, response.headers['retry-after']));
      });
      socket.on('error', reject);
    });
    return raw;
  }

  /** An open socket, signed in. */
  static async open(url: string, accessToken: string): Promise<RawLiveSocket> {
    const raw = await RawLiveSocket.connect(url);
    await raw.init(accessToken);
    return raw;
  }

  async init(accessToken: string): Promise<void> {
    this.socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${accessToken}` } }));
    await eventually(
      async () => (this.messages.some((message) => message.type === 'connection_ack') ? true : undefined),
      5000,
      'connection_ack',
    );
  }

  subscribe(id: string, query: string): void {
    this.socket.send(JSON.stringify({ id, type: 'subscribe', payload: { query } }));
  }

  /** Messages for subscription `id` of the given type. */
  of(id: string, type: string) {
    return this.messages.filter((message) => message.id === id && message.type === type);
  }

  whenClosed(timeoutMs = 5000): Promise<{ code: number; reason: string }> {
    return eventually(async () => this.closed ?? undefined, timeoutMs, 'the socket to close');
  }

  close(): void {
    this.socket.resume();
    this.socket.terminate();
  }
}
