import { type AnyEvent, type EventOf, type EventPattern, matches, taskEventKind } from '@taskgraph/contracts';
import { AppError, forbidden, newId, notFound, parseId, TaskEventKind } from '@taskgraph/kit';
import type { ExecutionResult } from 'graphql';
import type { GatewayContext } from '../context.js';
import { Channel } from './channel.js';
import type { LiveEvents } from './events.js';
import type { LiveExecutor, PlannedSubscription } from './executor.js';
import type { LiveRoot } from './schema.js';

/** The root data `taskChanged` gets from a task event, or null for events it does not report. */
function taskChangedRoot(event: EventOf<'task.>'>): LiveRoot | null {
  const kind = taskEventKind(event.type);
  if (!kind) return null;
  const { taskId } = event.data;
  return {
    taskChanged: {
      kind,
      taskId,
      task: kind === TaskEventKind.DELETED ? null : { id: taskId },
      actor: event.actorId ? { id: event.actorId } : null,
      occurredAt: new Date(event.occurredAt),
    },
  };
}

/** Which events a subscription follows, and when it must end. */
interface Feed {
  /** Names the feed: feeds of one viewer with different keys never share an event. */
  key: string;
  /** The subject pattern and the root data an event of it gives, or null to skip it. */
  events: [pattern: EventPattern, toRoot: (event: AnyEvent) => LiveRoot | null];
  /** Events that end the subscription with an error (a right withdrawn, the project deleted). */
  revocations?: [pattern: EventPattern, revokes: (event: AnyEvent) => AppError | null];
}

export function feedFor(field: string, args: Record<string, unknown>, viewerId: string): Feed {
  if (field === 'notificationAdded') {
    return {
      key: field,
      events: [
        'notification.created',
        (event) =>
          event.type === 'notification.created' && event.data.recipientId === viewerId
            ? { notificationAdded: { id: event.data.notificationId } }
            : null,
      ],
    };
  }
  const projectId = parseId(String(args.projectId), 'projectId');
  return {
    key: `${field}:${projectId}`,
    events: ['task.>', (event) => (matches('task.>', event) && event.data.projectId === projectId ? taskChangedRoot(event) : null)],
    revocations: [
      'project.>',
      (event) => {
        if (event.type === 'project.deleted' && event.data.projectId === projectId) return notFound('Project');
        return event.type === 'project.member_removed' && event.data.projectId === projectId && event.data.userId === viewerId
          ? forbidden('You are no longer a member of this project')
          : null;
      },
    ],
  };
}

export interface LiveSubscriptionOptions {
  planned: PlannedSubscription;
  feed: Feed;
  context: GatewayContext;
  events: LiveEvents;
  executor: LiveExecutor;
  /** Events a subscriber may fall behind by before it is cut off. */
  queueLimit: number;
  onOverflow: () => void;
  /** Called once when the subscription ends, however it ends. */
  onEnd: () => void;
}

/**
 * One client subscription: events of its feed queue up (bounded) and each, in order, is
 * turned into a result when the client is ready for the next one. It is returned once it
 * hears events.
 */
export async function liveSubscription(options: LiveSubscriptionOptions): Promise<AsyncIterableIterator<ExecutionResult>> {
  const { planned, feed, context, events, executor } = options;
  const stops: (() => void)[] = [];
  let ended = false;
  const channel = new Channel<{ event: AnyEvent; root: LiveRoot }>(
    options.queueLimit,
    () => {
      ended = true;
      for (const stop of stops) stop();
      options.onEnd();
    },
    () => {
      options.onOverflow();
      return new AppError('RATE_LIMITED', 'Subscriber fell too far behind; reconnect and catch up with a query', { retryAfterSeconds: 1 });
    },
  );
  const [pattern, toRoot] = feed.events;
  const listening = [
    events.listen(pattern, (event) => {
      const root = toRoot(event);
      if (root) channel.push({ event, root });
    }),
  ];
  if (feed.revocations) {
    const [revocationPattern, revokes] = feed.revocations;
    listening.push(
      events.listen(revocationPattern, (event) => {
        const error = revokes(event);
        if (error) channel.fail(error);
      }),
    );
  }
  stops.push(...(await Promise.all(listening)));
  // Ended (revoked, overflowed) while its listeners were being confirmed: they are not needed.
  if (ended) for (const stop of stops) stop();
  const stream: AsyncIterableIterator<ExecutionResult> = {
    async next() {
      const item = await channel.next();
      if (item.done) return item;
      const { event, root } = item.value;
      return { value: await executor.execute(planned, event, root, { ...context, requestId: newId() }), done: false };
    },
    async return() {
      await channel.return();
      return { value: undefined, done: true };
    },
    [Symbol.asyncIterator]: () => stream,
  };
  return stream;
}
