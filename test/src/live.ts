import WebSocket from 'ws';
import { createClient, type Client } from 'graphql-ws';
import type { Stack } from './stack.js';

export interface LiveResult<T> {
  data?: T;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/** A graphql-ws client of the gateway, signed in with the access token in connectionParams. */
export function liveClient(url: string, accessToken: string | undefined, onClosed?: (code: number, reason: string) => void): Client {
  return createClient({
    url: url.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    connectionParams: accessToken ? { authorization: `Bearer ${accessToken}` } : {},
    retryAttempts: 0,
    lazy: false,
    on: { closed: (event) => onClosed?.((event as { code: number }).code, String((event as { reason?: unknown }).reason ?? '')) },
  });
}

/** A subscription whose results are collected as they come, to be awaited one by one. */
export class Subscription<T> {
  readonly results: LiveResult<T>[] = [];
  private waiters: (() => void)[] = [];
  ended: Error | 'complete' | null = null;
  private readonly unsubscribe: () => void;

  constructor(client: Client, query: string, variables: Record<string, unknown> = {}) {
    this.unsubscribe = client.subscribe<T>(
      { query, variables },
      {
        next: (result) => this.add(result as LiveResult<T>),
        error: (error) => this.end(error instanceof Error ? error : new Error(JSON.stringify(error))),
        complete: () => this.end('complete'),
      },
    );
  }

  /** The n-th result (from 0), waiting for it up to `timeoutMs`. */
  async nth(n: number, timeoutMs = 10_000): Promise<LiveResult<T>> {
    const deadline = Date.now() + timeoutMs;
    while (this.results.length <= n) {
      if (this.ended) throw new Error(`subscription ended before result ${n}: ${this.ended instanceof Error ? this.ended.message : this.ended}`);
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

  close(): void {
    this.unsubscribe();
  }

  private add(result: LiveResult<T>): void {
    this.results.push(result);
    this.wake();
  }

  private end(how: Error | 'complete'): void {
    this.ended = how;
    this.wake();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    waiters.forEach((wake) => wake());
  }
}

export const gatewayLive = (stack: Stack, accessToken?: string, onClosed?: (code: number, reason: string) => void) => liveClient(stack.gateway.url, accessToken, onClosed);
