import {
  type AnyEvent,
  type EventCatalog,
  type EventOf,
  type EventPattern,
  type FieldChange,
  matches,
  ProjectEventKind,
  projectEventKind,
  type TaskEventType,
  taskEventKind,
} from '@taskgraph/contracts';
import { type AppError, forbidden, notFound, parseId, TaskEventKind } from '@taskgraph/kit';
import type { LiveRoot } from './schema.js';

export type LiveField = keyof LiveRoot;

/** What one subscription follows, once its arguments are read: every rule of its field in one place. */
export interface Feed {
  /** Names the feed: a cursor belongs to it, and feeds of one viewer with different keys never share an event. */
  key: string;
  /** The event types it reads, from the one stream, in stream order. */
  subjects: EventPattern[];
  /** Whom its events concern (eventScope): the stream hands it only those, not every subscriber every event. */
  scope: string;
  /** The project whose members alone may follow it (asked of the projects subgraph, as the subscriber, when subscribing). */
  membersOf: string | null;
  /** The root data an event gives the subscriber, or null when it is not theirs to see. */
  root(event: AnyEvent): LiveRoot | null;
  /** The error that ends the subscription after this event: the right to follow it was withdrawn. */
  revokes(event: AnyEvent): AppError | null;
}

interface FeedDefinition<F extends LiveField, A> {
  /** The field's arguments, checked (`after` is read apart, as every field takes it). */
  args(raw: Record<string, unknown>): A;
  subjects: EventPattern[];
  scope(args: A, viewerId: string): string;
  membersOf?(args: A): string;
  root(event: AnyEvent, args: A, viewerId: string): NonNullable<LiveRoot[F]> | null;
  revokes?(event: AnyEvent, args: A, viewerId: string): AppError | null;
}

type FeedOpener = (args: Record<string, unknown>, viewerId: string) => Feed;

function feed<F extends LiveField, A extends Record<string, string>>(field: F, definition: FeedDefinition<F, A>): FeedOpener {
  return (raw, viewerId) => {
    const args = definition.args(raw);
    return {
      key: [field, ...Object.values(args)].join(':'),
      subjects: definition.subjects,
      scope: definition.scope(args, viewerId),
      membersOf: definition.membersOf?.(args) ?? null,
      root: (event) => {
        if (!definition.subjects.some((pattern) => matches(pattern, event))) return null;
        const value = definition.root(event, args, viewerId);
        return value ? { [field]: value } : null;
      },
      revokes: (event) => definition.revokes?.(event, args, viewerId) ?? null,
    };
  };
}

const projectScope = (projectId: string) => `project:${projectId}`;
const userScope = (userId: string) => `user:${userId}`;

/** Whom an event concerns: a project (its tasks, itself, its members), or the recipient of a notification. Null: no feed reads it. */
export function eventScope(event: AnyEvent): string | null {
  if (event.type === 'notification.created') return userScope(event.data.recipientId);
  return 'projectId' in event.data ? projectScope(event.data.projectId) : null;
}

const inProject = ({ projectId }: { projectId: string }) => projectScope(projectId);

const projectArgs = (raw: Record<string, unknown>) => ({ projectId: parseId(String(raw.projectId), 'projectId') });

/** A member removed from the project stops following it, after hearing of their removal where the feed reports it. */
const memberRemoved = (event: AnyEvent, { projectId }: { projectId: string }, viewerId: string): AppError | null =>
  event.type === 'project.member_removed' && event.data.projectId === projectId && event.data.userId === viewerId
    ? forbidden('You are no longer a member of this project')
    : null;

/** A deleted project ends every subscription to it, after its DELETED event where the feed reports it. */
const projectDeleted = (event: AnyEvent, { projectId }: { projectId: string }): AppError | null =>
  event.type === 'project.deleted' && event.data.projectId === projectId ? notFound('Project') : null;

/** What revokes a member's following of a project: their removal, or the project's deletion. */
const projectRevoked = (event: AnyEvent, args: { projectId: string }, viewerId: string): AppError | null =>
  memberRemoved(event, args, viewerId) ?? projectDeleted(event, args);

/** What a task event changed, field by field, for the kinds that change fields (a new kind that does is one line here). */
const taskChanges: { [T in TaskEventType]?: (data: EventCatalog[T]) => FieldChange[] } = {
  'task.updated': (data) => data.changes,
  'task.assigned': (data) => [{ field: 'assignee', from: data.previousAssigneeId, to: data.assigneeId }],
  'task.status_changed': (data) => [{ field: 'status', from: data.previousStatus, to: data.status }],
  'task.completed': (data) => [{ field: 'status', from: data.previousStatus, to: data.status }],
  'task.moved': (data) => [
    ...(data.previousStatus === data.status ? [] : [{ field: 'status', from: data.previousStatus, to: data.status }]),
    { field: 'position', from: data.previousPosition, to: data.position },
  ],
};

const changesOf = <T extends TaskEventType>(type: T, data: EventCatalog[T]): FieldChange[] => taskChanges[type]?.(data) ?? [];

function taskEvent(event: EventOf<'task.>'>): NonNullable<LiveRoot['taskChanged']> | null {
  const kind = taskEventKind(event.type);
  if (!kind) return null;
  const { taskId } = event.data;
  return {
    id: event.id,
    kind,
    taskId,
    task: kind === TaskEventKind.DELETED ? null : { id: taskId },
    actor: event.actorId ? { id: event.actorId } : null,
    occurredAt: new Date(event.occurredAt),
    changes: changesOf(event.type, event.data),
    comment: event.type === 'task.commented' || event.type === 'task.comment_updated' ? { id: event.data.commentId } : null,
  };
}

function projectEvent(event: EventOf<'project.>'>): NonNullable<LiveRoot['projectChanged']> | null {
  const kind = projectEventKind(event.type);
  if (!kind) return null;
  const { projectId } = event.data;
  const member = 'userId' in event.data ? event.data.userId : null;
  return {
    id: event.id,
    kind,
    projectId,
    project: kind === ProjectEventKind.DELETED ? null : { id: projectId },
    user: member ? { id: member } : null,
    role: 'role' in event.data ? event.data.role : null,
    actor: event.actorId ? { id: event.actorId } : null,
    occurredAt: new Date(event.occurredAt),
  };
}

/** The live feeds, by subscription field. */
export const feeds: Record<LiveField, FeedOpener> = {
  notificationAdded: feed('notificationAdded', {
    args: () => ({}),
    subjects: ['notification.created'],
    scope: (_args, viewerId) => userScope(viewerId),
    root: (event, _args, viewerId) =>
      event.type === 'notification.created' && event.data.recipientId === viewerId ? { id: event.data.notificationId } : null,
  }),
  taskChanged: feed('taskChanged', {
    args: projectArgs,
    subjects: ['task.>', 'project.member_removed', 'project.deleted'],
    scope: inProject,
    membersOf: ({ projectId }) => projectId,
    root: (event, { projectId }) => (matches('task.>', event) && event.data.projectId === projectId ? taskEvent(event) : null),
    revokes: projectRevoked,
  }),
  projectChanged: feed('projectChanged', {
    args: projectArgs,
    subjects: ['project.>'],
    scope: inProject,
    membersOf: ({ projectId }) => projectId,
    // The removed member hears of their own removal (root first), then the subscription ends.
    root: (event, { projectId }) => (matches('project.>', event) && event.data.projectId === projectId ? projectEvent(event) : null),
    revokes: projectRevoked,
  }),
};

export const isLiveField = (field: string): field is LiveField => Object.hasOwn(feeds, field);
