/**
 * A bounded queue read as an async iterator, between an event source that pushes and a client
 * that reads at its own pace. A reader that falls `limit` items behind, or a `fail()`, ends the
 * iteration with an error: memory per subscriber stays bounded.
 */
export class Channel<T> implements AsyncIterableIterator<T> {
  private readonly items: T[] = [];
  private waiting: { resolve: (result: IteratorResult<T>) => void; reject: (error: Error) => void } | null = null;
  private failure: Error | null = null;
  private done = false;
  private roomWaiters: (() => void)[] = [];

  constructor(
    private readonly limit: number,
    private readonly onEnd: () => void,
    private readonly overflow: () => Error,
  ) {}

  push(item: T): void {
    if (this.done || this.failure) return;
    if (this.waiting) {
      const { resolve } = this.waiting;
      this.waiting = null;
      resolve({ value: item, done: false });
    } else if (this.items.length >= this.limit) {
      this.fail(this.overflow());
    } else {
      this.items.push(item);
    }
  }

  /** Ends the iteration with `error` once what is already queued has been read. */
  fail(error: Error): void {
    if (this.done || this.failure) return;
    this.failure = error;
    this.makeRoom();
    if (this.waiting) {
      const { reject } = this.waiting;
      this.waiting = null;
      this.finish();
      reject(error);
    }
  }

  /** Resolves once one more item can be queued without overflowing (or the channel has ended): for a producer that can wait. */
  whenRoom(): Promise<void> {
    if (this.items.length < this.limit || this.done || this.failure) return Promise.resolve();
    return new Promise((resolve) => this.roomWaiters.push(resolve));
  }

  /** Items waiting to be read: as many `next()` calls resolve at once with an item. */
  get queued(): number {
    return this.items.length;
  }

  /** Whether the iteration has ended or is ending: nothing more is taken. */
  get closed(): boolean {
    return this.done || this.failure !== null;
  }

  next(): Promise<IteratorResult<T>> {
    const item = this.items.shift();
    if (item !== undefined) {
      this.makeRoom();
      return Promise.resolve({ value: item, done: false });
    }
    if (this.failure) {
      this.finish();
      return Promise.reject(this.failure);
    }
    if (this.done) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
    });
  }

  return(): Promise<IteratorResult<T>> {
    this.items.length = 0;
    this.finish();
    this.waiting?.resolve({ value: undefined, done: true });
    this.waiting = null;
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this;
  }

  private finish(): void {
    if (this.done) return;
    this.done = true;
    this.makeRoom();
    this.onEnd();
  }

  private makeRoom(): void {
    const waiters = this.roomWaiters;
    this.roomWaiters = [];
    for (const wake of waiters) wake();
  }
}
