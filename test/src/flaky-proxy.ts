import net from 'node:net';

/**
 * A TCP proxy in front of a service that can be told to drop the next GraphQL requests (the
 * connection is cut as a request begins, before the service sees it, as when a replica dies)
 * or to stall them (they are never passed on, as to a service that hangs).
 */
export class FlakyProxy {
  /** GraphQL requests that reached the proxy, dropped or not. */
  requests = 0;
  private dropping = 0;
  private stalling = 0;
  private readonly sockets = new Set<net.Socket>();

  private constructor(
    private readonly server: net.Server,
    readonly port: number,
  ) {}

  static async start(target: { port: number }): Promise<FlakyProxy> {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const proxy = new FlakyProxy(server, (server.address() as net.AddressInfo).port);
    server.on('connection', (client) => {
      const upstream = net.connect(target.port, '127.0.0.1');
      proxy.sockets.add(client).add(upstream);
      client.on('close', () => proxy.sockets.delete(client).valueOf() && proxy.sockets.delete(upstream));
      client.on('data', (chunk: Buffer) => {
        if (chunk.toString('latin1', 0, 14) === 'POST /graphql ') {
          proxy.requests += 1;
          if (proxy.dropping > 0) {
            proxy.dropping -= 1;
            client.resetAndDestroy();
            upstream.destroy();
            return;
          }
          if (proxy.stalling > 0) {
            proxy.stalling -= 1;
            client.pause();
            return;
          }
        }
        upstream.write(chunk);
      });
      upstream.pipe(client);
      client.on('error', () => upstream.destroy());
      upstream.on('error', () => client.destroy());
      client.on('close', () => upstream.destroy());
    });
    return proxy;
  }

  /** Cuts the connection of each of the next `count` requests. */
  drop(count: number): void {
    this.dropping = count;
  }

  /** Never passes on the next `count` requests, nor answers them. */
  stall(count: number): void {
    this.stalling = count;
  }

  url(path = '/graphql'): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  stop(): Promise<void> {
    // Pooled keep-alive connections would hold the server open.
    for (const socket of this.sockets) socket.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
