import type { WebSocket } from 'ws';

/**
 * Sockets that have not completed `connection_init` yet, per client address. They hold memory
 * and a timer with nobody's identity behind them, so one address may hold only so many at once;
 * a socket stops counting once it is authenticated or closed.
 */
export class UnauthenticatedSockets {
  private readonly perAddress = new Map<string, number>();
  private readonly releases = new WeakMap<WebSocket, () => void>();

  constructor(private readonly max: number) {}

  hasRoom(address: string): boolean {
    return (this.perAddress.get(address) ?? 0) < this.max;
  }

  add(socket: WebSocket, address: string): void {
    this.perAddress.set(address, (this.perAddress.get(address) ?? 0) + 1);
    const release = () => {
      if (!this.releases.delete(socket)) return;
      const left = (this.perAddress.get(address) ?? 1) - 1;
      if (left) this.perAddress.set(address, left);
      else this.perAddress.delete(address);
    };
    this.releases.set(socket, release);
    socket.once('close', release);
  }

  authenticated(socket: WebSocket): void {
    this.releases.get(socket)?.();
  }
}
