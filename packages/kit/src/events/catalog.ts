import type { TraceCarrier } from '../tracing.js';

/**
 * The domain events the subgraphs exchange: one entry per event type, with its payload.
 * This is the contract between publishers and consumers; a change here is a change of that contract.
 */
export interface EventCatalog {
  'user.registered': { userId: string; email: string; displayName: string };
  'user.profile_updated': { userId: string; displayName: string; avatarUrl: string | null };

  'project.created': { projectId: string; name: string; ownerId: string };
  'project.updated': { projectId: string; name: string; description: string | null };
  'project.archived': { projectId: string };
  'project.member_added': { projectId: string; userId: string; role: ProjectRoleName };
  'project.member_role_changed': { projectId: string; userId: string; role: ProjectRoleName; previousRole: ProjectRoleName };
  'project.member_removed': { projectId: string; userId: string };

  'task.created': TaskSnapshot;
  'task.updated': TaskSnapshot & { changed: string[] };
  'task.assigned': TaskSnapshot & { previousAssigneeId: string | null };
  'task.status_changed': TaskSnapshot & { previousStatus: string };
  'task.completed': TaskSnapshot & { previousStatus: string };
  'task.deleted': TaskSnapshot;
  'task.commented': TaskSnapshot & { commentId: string; authorId: string };
  /** An open, assigned task is due within 24 hours; published once per due date. */
  'task.due_soon': TaskSnapshot;

  /** A notification was stored: what live subscriptions deliver. */
  'notification.created': { notificationId: string; recipientId: string };
}

export type ProjectRoleName = 'OWNER' | 'ADMIN' | 'MEMBER' | 'VIEWER';

/** What every task event says of the task, enough to notify people without asking back. */
export interface TaskSnapshot {
  taskId: string;
  projectId: string;
  title: string;
  status: string;
  priority: string;
  dueAt: string | null;
  assigneeId: string | null;
  reporterId: string;
}

export type EventType = keyof EventCatalog;

export interface EventEnvelope<T extends EventType = EventType> {
  /** UUIDv7; also the JetStream message id, so a re-published event is dropped by the server. */
  id: string;
  type: T;
  version: number;
  occurredAt: string;
  /** The user whose action caused the event, if any. */
  actorId: string | null;
  data: EventCatalog[T];
  /**
   * The trace of the request or event that caused it. Stored with the event, it lets the relay,
   * publishing later in the background, continue that trace.
   */
  traceContext?: TraceCarrier;
}
