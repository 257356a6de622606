/** Clients of the gateway's subscriptions over HTTP: SSE (graphql-sse's client, a browser-style EventSource) and multipart (Apollo Client, plain fetch). */
import { ApolloClient, gql, InMemoryCache } from '@apollo/client';
import { HttpLink } from '@apollo/client/link/http';
import { EventSource } from 'eventsource';
import { createClient } from 'graphql-sse';
import { type LiveResult, Results } from './live.js';

export type Token = () => string | Promise<string>;

const bearer = async (token: Token) => ({ authorization: `Bearer ${await token()}` });

/** A subscription over HTTP whose results are collected: when its first stream was accepted, what its connections saw, how to end it. */
export class Opened<T> extends Results<T> {
  /** Streams opened (reconnections included). */
  connections = 0;
  /** The status of every response that was not a stream. */
  readonly statuses: number[] = [];
  /** Over SSE, each `next` event's `id`. */
  readonly eventIds: string[] = [];
  /** Over EventSource, the Last-Event-ID each connection sent (null for none). */
  readonly lastEventIds: (string | null)[] = [];
  private accepted: () => void = () => undefined;
  /** Resolves once the gateway accepted the first stream: the subscription hears every later event. */
  readonly connected = new Promise<void>((resolve) => {
    this.accepted = resolve;
  });
  close: () => void = () => undefined;

  markConnected(): void {
    this.accepted();
  }
}

/**
 * graphql-sse's client in distinct connections mode. It reconnects when a stream ends without
 * `complete`, with the headers its callback gives then; with `resume`, each result's cursor is
 * kept in the request's variables as `after`, which it sends again. A refusal is a result with
 * errors, then `complete`.
 */
export function sseSubscribe<T>(
  url: string,
  token: Token,
  query: string,
  variables: Record<string, unknown> = {},
  { resume = false, onConnecting }: { resume?: boolean; onConnecting?: (reconnecting: boolean) => void } = {},
): Opened<T> {
  const client = createClient({
    url,
    singleConnection: false,
    headers: () => bearer(token),
    retryAttempts: Number.POSITIVE_INFINITY,
    retry: () => new Promise((resolve) => setTimeout(resolve, 50)),
  });
  const results = new Opened<T>();
  const request = { query, variables: { ...variables } };
  client.subscribe<T>(
    request,
    {
      next: (result) => {
        const cursor = (result as LiveResult<T>).extensions?.cursor;
        if (resume && cursor) request.variables.after = cursor;
        results.add(result as LiveResult<T>);
      },
      error: (error) => results.end(error instanceof Error ? error : new Error(String(error))),
      complete: () => results.end('complete'),
    },
    {
      connecting: (reconnecting) => {
        results.connections += 1;
        onConnecting?.(reconnecting);
      },
      connected: () => results.markConnected(),
    },
  );
  results.close = () => client.dispose();
  return results;
}

/** The URL of a subscription over GET, as a browser's EventSource opens it. */
export function sseUrl(url: string, query: string, variables: Record<string, unknown> = {}): URL {
  const target = new URL(url);
  target.searchParams.set('query', query);
  target.searchParams.set('variables', JSON.stringify(variables));
  return target;
}

/**
 * A browser-style EventSource (the `eventsource` package; its `fetch` option stands for the
 * cookies or headers a browser would add, here a fresh bearer token on every connection). It
 * reconnects by itself when the stream ends, sending the last event's `id` as Last-Event-ID;
 * `complete` ends it. `connections` counts the streams it opened, `statuses` the failed ones.
 */
export function eventSource<T>(url: URL, token: Token, { lastEventId }: { lastEventId?: string } = {}) {
  const results = new Opened<T>();
  const source = new EventSource(url, {
    fetch: async (input, init) => {
      results.connections += 1;
      // A cursor kept from an earlier page stands for the one the EventSource itself keeps, as a browser's would after a reload.
      const headers: Record<string, string> = {
        ...init.headers,
        ...(await bearer(token)),
        ...(lastEventId ? { 'Last-Event-ID': lastEventId } : {}),
      };
      results.lastEventIds.push(headers['Last-Event-ID'] ?? null);
      lastEventId = undefined;
      const response = await fetch(input, { ...init, headers });
      if (response.status !== 200) results.statuses.push(response.status);
      return response;
    },
  });
  source.addEventListener('open', () => results.markConnected());
  source.addEventListener('next', (event) => {
    results.eventIds.push(event.lastEventId);
    results.add(JSON.parse(event.data) as LiveResult<T>);
  });
  source.addEventListener('complete', () => {
    source.close();
    results.end('complete');
  });
  source.addEventListener('error', (event) => {
    // Closed for good (a refusal before the stream), as opposed to a reconnection under way.
    if (source.readyState === EventSource.CLOSED) results.end(new Error(`EventSource failed: ${event.message ?? event.code}`));
  });
  results.close = () => source.close();
  return results;
}

/**
 * Apollo Client 4 over its HttpLink, which sends a subscription as a multipart request. It does
 * not reconnect by itself: a stream that ends is the subscription's end (or error).
 */
export function apolloSubscribe<T>(url: string, token: Token, query: string, variables: Record<string, unknown> = {}): Opened<T> {
  const client = new ApolloClient({
    cache: new InMemoryCache(),
    link: new HttpLink({
      uri: url,
      fetch: async (input, init) => {
        const response = await fetch(input, {
          ...init,
          headers: { ...(init?.headers as Record<string, string>), ...(await bearer(token)) },
        });
        results.connections += 1;
        if (response.ok) results.markConnected();
        else results.statuses.push(response.status);
        return response;
      },
    }),
  });
  const results = new Opened<T>();
  const subscription = client.subscribe<T>({ query: gql(query), variables }).subscribe({
    next: (result) => {
      if (result.error) results.end(result.error);
      else results.add({ data: result.data as T, extensions: result.extensions as LiveResult<T>['extensions'] });
    },
    error: (error: Error) => results.end(error),
    complete: () => results.end('complete'),
  });
  results.close = () => {
    subscription.unsubscribe();
    client.stop();
  };
  return results;
}

/** One part of a multipart response, as sent: its headers and its JSON. */
export interface Part {
  headers: string;
  json: unknown;
}

/**
 * A multipart subscription read by hand with fetch, to see the protocol itself: every part with
 * its headers, whether the final boundary came, and the response's own status and headers.
 */
export class MultipartResponse {
  readonly parts: Part[] = [];
  finished = false;
  /** Resolves once the body has been read to its end (or the request aborted). */
  readonly read: Promise<void>;

  private constructor(
    readonly response: globalThis.Response,
    private readonly controller: AbortController,
  ) {
    this.read = this.readParts().catch((error: unknown) => {
      if (!controller.signal.aborted) throw error;
    });
  }

  static async post(url: string, body: unknown, headers: Record<string, string>): Promise<MultipartResponse> {
    const controller = new AbortController();
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'multipart/mixed;subscriptionSpec="1.0", application/json', ...headers },
      body: JSON.stringify(body),
      signal: controller.signal,
    });
    return new MultipartResponse(response, controller);
  }

  /** The parts that carry something (not heartbeats). */
  payloads(): Part[] {
    return this.parts.filter((part) => JSON.stringify(part.json) !== '{}');
  }

  close(): void {
    this.controller.abort();
  }

  private async readParts(): Promise<void> {
    const boundary = /boundary="?([^";]+)"?/.exec(this.response.headers.get('content-type') ?? '')?.[1];
    if (!boundary || !this.response.body) return;
    const delimiter = `\r\n--${boundary}`;
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of this.response.body) {
      buffer += decoder.decode(chunk, { stream: true });
      for (let at = buffer.indexOf(delimiter); at !== -1; at = buffer.indexOf(delimiter)) {
        const part = buffer.slice(0, at);
        buffer = buffer.slice(at + delimiter.length);
        if (!part.trim()) continue;
        const split = part.indexOf('\r\n\r\n');
        this.parts.push({ headers: part.slice(0, split).trim(), json: JSON.parse(part.slice(split + 4)) });
      }
      if (buffer.startsWith('--')) this.finished = true;
    }
  }
}
