/**
 * The live connections of each session on this replica, whatever their transport, so that ending
 * a session ends them too. Each transport says how one of its connections is ended for good:
 * its clients must not retry, since the token they hold is revoked and the user has to sign in
 * again.
 */
export class LiveSessions {
  private readonly bySession = new Map<string, Set<() => void>>();

  /** Registers a connection of the session; call what is returned once it has closed. */
  add(sessionId: string, revoke: () => void): () => void {
    const connections = this.bySession.get(sessionId) ?? new Set();
    connections.add(revoke);
    this.bySession.set(sessionId, connections);
    return () => {
      connections.delete(revoke);
      if (!connections.size && this.bySession.get(sessionId) === connections) this.bySession.delete(sessionId);
    };
  }

  /** Ends every connection of these sessions. */
  revoke(sessionIds: readonly string[]): void {
    for (const id of sessionIds) for (const revoke of [...(this.bySession.get(id) ?? [])]) revoke();
  }
}
