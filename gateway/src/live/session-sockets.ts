import type { WebSocket } from 'ws';

/**
 * The open sockets of each session on this replica, so that ending a session ends its live
 * connections too. Closed with 4401, which graphql-ws clients do not retry: the token they hold
 * is revoked for good, and the user has to sign in again.
 */
export class SessionSockets {
  private readonly bySession = new Map<string, Set<WebSocket>>();

  add(sessionId: string, socket: WebSocket): void {
    const sockets = this.bySession.get(sessionId) ?? new Set();
    sockets.add(socket);
    this.bySession.set(sessionId, sockets);
    socket.once('close', () => {
      sockets.delete(socket);
      if (!sockets.size) this.bySession.delete(sessionId);
    });
  }

  /** Closes every socket of these sessions. */
  close(sessionIds: readonly string[], code: number): void {
    for (const id of sessionIds) for (const socket of this.bySession.get(id) ?? []) socket.close(code, 'Session revoked');
  }
}
