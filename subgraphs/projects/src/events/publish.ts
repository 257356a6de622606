import type { EntityManager } from '@mikro-orm/postgresql';
import type { ProjectRoleName } from '@taskgraph/contracts';
import { type RecordedEvent, recordEvent } from '@taskgraph/kit';
import type { Invitation } from '../entities/invitation.js';
import type { Membership } from '../entities/membership.js';
import type { Project } from '../entities/project.js';

export function recordProjectCreated(em: EntityManager, project: Project, actorId: string): RecordedEvent {
  return recordEvent(em, 'project.created', { projectId: project.id, name: project.name, ownerId: project.ownerId }, actorId);
}

export function recordProjectUpdated(em: EntityManager, project: Project, actorId: string): RecordedEvent {
  return recordEvent(em, 'project.updated', { projectId: project.id, name: project.name, description: project.description }, actorId);
}

export function recordProjectArchived(em: EntityManager, project: Project, actorId: string): RecordedEvent {
  return recordEvent(em, 'project.archived', { projectId: project.id }, actorId);
}

export function recordProjectUnarchived(em: EntityManager, project: Project, actorId: string): RecordedEvent {
  return recordEvent(em, 'project.unarchived', { projectId: project.id }, actorId);
}

export function recordProjectDeleted(em: EntityManager, projectId: string, actorId: string): RecordedEvent {
  return recordEvent(em, 'project.deleted', { projectId }, actorId);
}

export function recordMemberAdded(em: EntityManager, membership: Membership, actorId: string): RecordedEvent {
  return recordEvent(
    em,
    'project.member_added',
    { projectId: membership.project.id, userId: membership.userId, role: membership.role },
    actorId,
  );
}

export function recordMemberRoleChanged(
  em: EntityManager,
  membership: Membership,
  previousRole: ProjectRoleName,
  actorId: string,
): RecordedEvent {
  const { userId, role } = membership;
  return recordEvent(em, 'project.member_role_changed', { projectId: membership.project.id, userId, role, previousRole }, actorId);
}

export function recordMemberRemoved(em: EntityManager, membership: Membership, actorId: string): RecordedEvent {
  return recordEvent(em, 'project.member_removed', { projectId: membership.project.id, userId: membership.userId }, actorId);
}

/** Asks notifications to email the invitation's link (the token is the link's; only its hash is kept here). */
export function recordInvited(em: EntityManager, invitation: Invitation, token: string, actorId: string): void {
  const { id: invitationId, email, role, expiresAt } = invitation;
  recordEvent(
    em,
    'project.invited',
    { invitationId, projectId: invitation.project.id, email, role, token, expiresAt: expiresAt.toISOString() },
    actorId,
  );
}
