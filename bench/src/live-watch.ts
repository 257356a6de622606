/**
 * Open subscriptions held through a run, one WebSocket per user: each user's own
 * `notificationAdded` and `taskChanged` of one of their projects. Counts what arrives and how
 * long after the change it arrives, and whether subscribers of one project all heard the same.
 */

import { liveClient } from '@taskgraph/stack';
import type { Client } from 'graphql-ws';
import { type LatencySummary, summarize } from './stats.js';
import type { Actor } from './workload.js';

const NOTIFICATION_ADDED = 'subscription { notificationAdded { id kind createdAt message task { title } actor { displayName } } }';
const TASK_CHANGED = `subscription($p: ID!) { taskChanged(projectId: $p) { kind taskId occurredAt task { title status assignee { displayName } } actor { displayName } } }`;

export interface Watched {
  kind: 'notificationAdded' | 'taskChanged';
  userId: string;
  projectId?: string;
  deliveries: number;
}

export interface LiveSummary {
  connections: number;
  subscriptions: number;
  errors: string[];
  /** Per kind: deliveries and latency from the change (its `occurredAt` / `createdAt`) to arrival, ms. */
  notificationAdded: { deliveries: number; latency: LatencySummary };
  taskChanged: { deliveries: number; latency: LatencySummary; missed: number };
}

export class LiveWatch {
  private readonly clients: Client[] = [];
  private readonly watched: Watched[] = [];
  private readonly latencies = { notificationAdded: [] as number[], taskChanged: [] as number[] };
  private readonly errors: string[] = [];
  private recording = false;
  /** When recording started (epoch ms): results of changes made before are left out. */
  private since = 0;

  constructor(
    private readonly url: string,
    actors: Actor[] = [],
  ) {
    for (const actor of actors) this.watch(actor);
  }

  /** Subscriptions this watch holds. */
  get subscriptions(): number {
    return this.watched.length;
  }

  /** Opens the actor's WebSocket and subscribes (without waiting for the gateway to accept). */
  watch(actor: Actor): void {
    const client = liveClient(this.url, actor.user.token, (code, reason) => {
      if (this.recording && code !== 1000) this.errors.push(`socket of ${actor.user.name} closed: ${code} ${reason}`);
    });
    this.clients.push(client);
    const userId = actor.user.id;
    this.subscribe(
      client,
      { kind: 'notificationAdded', userId, deliveries: 0 },
      NOTIFICATION_ADDED,
      {},
      (data) => data.notificationAdded?.createdAt,
    );
    const project = actor.projects[0];
    if (project)
      this.subscribe(
        client,
        { kind: 'taskChanged', userId, projectId: project.id, deliveries: 0 },
        TASK_CHANGED,
        { p: project.id },
        (data) => data.taskChanged?.occurredAt,
      );
  }

  /** Counts from now on: what arrived while subscribing (seeding's tail), or arrives later of a change made before now, is left out. */
  startRecording(): void {
    this.recording = true;
    this.since = Date.now();
    for (const watched of this.watched) watched.deliveries = 0;
    this.latencies.notificationAdded.length = 0;
    this.latencies.taskChanged.length = 0;
  }

  /** Every subscription with what it received since recording started. */
  deliveries(): readonly Readonly<Watched>[] {
    return this.watched;
  }

  summary(): LiveSummary {
    const taskChanged = this.watched.filter((watched) => watched.kind === 'taskChanged');
    // Every subscriber of one project is sent the same events: any that heard fewer than the most missed some.
    const most = new Map<string, number>();
    for (const watched of taskChanged) most.set(watched.projectId!, Math.max(most.get(watched.projectId!) ?? 0, watched.deliveries));
    const count = (kind: Watched['kind']) =>
      this.watched.filter((watched) => watched.kind === kind).reduce((sum, watched) => sum + watched.deliveries, 0);
    return {
      connections: this.clients.length,
      subscriptions: this.watched.length,
      errors: this.errors.slice(0, 10),
      notificationAdded: { deliveries: count('notificationAdded'), latency: summarize(this.latencies.notificationAdded) },
      taskChanged: {
        deliveries: count('taskChanged'),
        latency: summarize(this.latencies.taskChanged),
        missed: taskChanged.reduce((sum, watched) => sum + most.get(watched.projectId!)! - watched.deliveries, 0),
      },
    };
  }

  async close(): Promise<void> {
    this.recording = false;
    await Promise.all(this.clients.map((client) => client.dispose()));
  }

  private subscribe(
    client: Client,
    watched: Watched,
    query: string,
    variables: Record<string, unknown>,
    changedAt: (data: LiveData) => string | undefined,
  ): void {
    this.watched.push(watched);
    client.subscribe<LiveData>(
      { query, variables },
      {
        next: (result) => {
          if (!this.recording) return;
          if (result.errors?.length) {
            this.errors.push(`${watched.kind}: ${result.errors.map((error) => error.message).join('; ')}`);
            return;
          }
          const at = result.data ? changedAt(result.data) : undefined;
          const changed = at ? Date.parse(at) : Number.NaN;
          if (changed < this.since) return;
          watched.deliveries += 1;
          if (at) this.latencies[watched.kind].push(Date.now() - changed);
        },
        error: (error) => this.errors.push(`${watched.kind} ended: ${error instanceof Error ? error.message : JSON.stringify(error)}`),
        complete: () => {
          if (this.recording) this.errors.push(`${watched.kind} completed early`);
        },
      },
    );
  }
}

interface LiveData {
  notificationAdded?: { createdAt?: string };
  taskChanged?: { occurredAt?: string };
}
