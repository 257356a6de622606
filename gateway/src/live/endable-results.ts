import { type ExecutionResult, GraphQLError } from 'graphql';

/**
 * A subscription's results for a transport that has no error message of its own (SSE, multipart
 * HTTP): an error that ends the subscription (FORBIDDEN after a removal, a revoked session, a
 * subscriber cut off) comes as one last result holding only that error, then the iteration is
 * done. `endedWith` tells that last result from the others. Hand-written rather than a
 * generator: `return()` must end a subscription that is waiting for its next event at once.
 */
export class EndableResults implements AsyncIterableIterator<ExecutionResult> {
  private ending: GraphQLError | null = null;
  private done = false;
  /** The error the subscription ended with, once its last result has been handed out. */
  endedWith: GraphQLError | null = null;

  /** `ready` resolves when the transport can take the next result: events then wait in the subscription's bounded queue. */
  constructor(
    private readonly results: AsyncIterableIterator<ExecutionResult>,
    private readonly ready: () => Promise<void>,
  ) {}

  async next(): Promise<IteratorResult<ExecutionResult>> {
    if (this.done) return { value: undefined, done: true };
    if (this.ending) return this.end(this.ending);
    await this.ready();
    if (this.done) return { value: undefined, done: true };
    if (this.ending) return this.end(this.ending);
    let item: IteratorResult<ExecutionResult>;
    try {
      item = await this.results.next();
    } catch (error) {
      if (!(error instanceof GraphQLError)) throw error;
      return this.end(error);
    }
    if (this.ending) return this.end(this.ending);
    if (item.done) this.done = true;
    return item;
  }

  /** Ends the subscription with `error`, delivered in place of whatever was to come next. */
  fail(error: GraphQLError): void {
    if (this.done || this.ending) return;
    this.ending = error;
    void this.results.return?.();
  }

  async return(): Promise<IteratorResult<ExecutionResult>> {
    this.done = true;
    await this.results.return?.();
    return { value: undefined, done: true };
  }

  /** As a generator's: ends the subscription, then rejects with `error`. graphql-sse returns only what has `throw` too when its client goes away. */
  async throw(error: unknown): Promise<IteratorResult<ExecutionResult>> {
    await this.return();
    throw error;
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<ExecutionResult> {
    return this;
  }

  private end(error: GraphQLError): IteratorResult<ExecutionResult> {
    this.done = true;
    this.endedWith = error;
    return { value: { errors: [error] }, done: false };
  }
}
