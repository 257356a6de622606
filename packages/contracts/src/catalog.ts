import type { ProjectRoleName } from './project-roles.js';

/**
 * The domain events the subgraphs exchange: one entry per event type, with its payload.
 * This is the contract between publishers and consumers; a change here is a change of that contract.
 */
export interface EventCatalog {
  'user.registered': { userId: string; email: string; displayName: string };
  'user.profile_updated': { userId: string; displayName: string; avatarUrl: string | null };
  /** The account is gone for good: every subgraph removes or anonymises what it holds of the user (see `DELETED_USER_NAME`). */
  'user.deleted': { userId: string };
  /** Sessions ended (logout, password change, a refresh token used twice): no access token of theirs is valid before `until`, and none after. */
  'session.revoked': { userId: string; sessionIds: string[]; until: string };
  /** The address is proven to be the user's (a verification link was followed): what an invitation to it needs. */
  'user.email_verified': { userId: string; email: string };

  /**
   * Emails that accounts asks notifications to send, with the single-use token of their link
   * (accounts keeps only its hash; `expiresAt` is when it stops working). The stream is
   * privileged: whoever reads it could use a token until then.
   */
  'account.password_reset_requested': { userId: string; email: string; token: string; expiresAt: string };
  'account.verification_requested': { userId: string; email: string; token: string; expiresAt: string };

  'project.created': { projectId: string; name: string; ownerId: string };
  'project.updated': { projectId: string; name: string; description: string | null };
  'project.archived': { projectId: string };
  'project.unarchived': { projectId: string };
  /** The project is gone: every subgraph removes what it holds of it, and its members lose access. */
  'project.deleted': { projectId: string };
  'project.member_added': { projectId: string; userId: string; role: ProjectRoleName };
  'project.member_role_changed': { projectId: string; userId: string; role: ProjectRoleName; previousRole: ProjectRoleName };
  'project.member_removed': { projectId: string; userId: string };
  /** An invitation to an email address, with the single-use token of its link (projects keeps only its hash). */
  'project.invited': { invitationId: string; projectId: string; email: string; role: ProjectRoleName; token: string; expiresAt: string };

  'task.created': TaskSnapshot;
  /** `changed` names the fields, `changes` has each one's value before and after (labels: ids joined by commas). */
  'task.updated': TaskSnapshot & { changed: string[]; changes: FieldChange[] };
  'task.assigned': TaskSnapshot & { previousAssigneeId: string | null };
  'task.status_changed': TaskSnapshot & { previousStatus: string };
  'task.completed': TaskSnapshot & { previousStatus: string };
  'task.deleted': TaskSnapshot;
  'task.commented': TaskSnapshot & { commentId: string; authorId: string };
  /** Placed elsewhere on the board: in another status column, or at another rank in its own (ranks compare as byte strings). */
  'task.moved': TaskSnapshot & { previousStatus: string; position: string; previousPosition: string };
  'task.comment_updated': TaskSnapshot & { commentId: string; authorId: string };
  'task.comment_deleted': TaskSnapshot & { commentId: string; authorId: string };
  /** An open, assigned task is due within 24 hours; published once per due date. */
  'task.due_soon': TaskSnapshot;

  /** A notification was stored: what live subscriptions deliver. */
  'notification.created': { notificationId: string; recipientId: string };
}

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

/** A field's value before and after a change, as text: ISO-8601 for times, enum names, ids; null when empty. */
export interface FieldChange {
  field: string;
  from: string | null;
  to: string | null;
}

export type EventType = keyof EventCatalog;

export type TaskEventType = Extract<EventType, `task.${string}`>;

export type ProjectEventType = Extract<EventType, `project.${string}`>;

/** The catalog's types at run time; a `Record` so that a type added above and missing here fails the type check. */
const eventTypes: Record<EventType, true> = {
  'user.registered': true,
  'user.profile_updated': true,
  'user.deleted': true,
  'session.revoked': true,
  'user.email_verified': true,
  'account.password_reset_requested': true,
  'account.verification_requested': true,
  'project.created': true,
  'project.updated': true,
  'project.archived': true,
  'project.unarchived': true,
  'project.deleted': true,
  'project.member_added': true,
  'project.member_role_changed': true,
  'project.member_removed': true,
  'project.invited': true,
  'task.created': true,
  'task.updated': true,
  'task.assigned': true,
  'task.status_changed': true,
  'task.completed': true,
  'task.deleted': true,
  'task.commented': true,
  'task.moved': true,
  'task.comment_updated': true,
  'task.comment_deleted': true,
  'task.due_soon': true,
  'notification.created': true,
};

export const isEventType = (type: string): type is EventType => Object.hasOwn(eventTypes, type);
