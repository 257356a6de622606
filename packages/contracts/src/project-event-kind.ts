import type { ProjectEventType } from './catalog.js';

/** What happened to a project: the kinds of the live `ProjectEvent`. */
export enum ProjectEventKind {
  UPDATED = 'UPDATED',
  ARCHIVED = 'ARCHIVED',
  UNARCHIVED = 'UNARCHIVED',
  MEMBER_ADDED = 'MEMBER_ADDED',
  MEMBER_ROLE_CHANGED = 'MEMBER_ROLE_CHANGED',
  MEMBER_REMOVED = 'MEMBER_REMOVED',
  DELETED = 'DELETED',
}

const kinds: Record<ProjectEventType, ProjectEventKind | null> = {
  'project.updated': ProjectEventKind.UPDATED,
  'project.archived': ProjectEventKind.ARCHIVED,
  'project.unarchived': ProjectEventKind.UNARCHIVED,
  'project.deleted': ProjectEventKind.DELETED,
  'project.member_added': ProjectEventKind.MEMBER_ADDED,
  'project.member_role_changed': ProjectEventKind.MEMBER_ROLE_CHANGED,
  'project.member_removed': ProjectEventKind.MEMBER_REMOVED,
  'project.created': null,
  'project.invited': null,
};

/**
 * The kind a project event is reported as, or null: for `project.created` (nobody follows a
 * project before it exists) and `project.invited` (it carries the invitation's token, and the
 * invitee is no member yet; accepting is MEMBER_ADDED).
 */
export const projectEventKind = (type: ProjectEventType): ProjectEventKind | null => kinds[type];
