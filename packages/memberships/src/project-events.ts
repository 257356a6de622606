import type { EntityManager } from '@mikro-orm/postgresql';
import type { EventHandlers } from '@taskgraph/kit';
import { MemberReplica } from './member-replica.js';
import { ProjectReplica } from './project-replica.js';

/** Keeps the replica of projects and memberships that authorization here reads. */
export const projectEventHandlers = {
  'project.created': async (em: EntityManager, { data }) => {
    await em.upsert(Object.assign(new ProjectReplica(data.projectId), { name: data.name }));
    await em.upsert(new MemberReplica(data.projectId, data.ownerId, 'OWNER'));
  },
  'project.updated': async (em, { data }) => {
    await em.nativeUpdate(ProjectReplica, { id: data.projectId }, { name: data.name });
  },
  'project.archived': async (em, { data, occurredAt }) => {
    await em.nativeUpdate(ProjectReplica, { id: data.projectId }, { archivedAt: new Date(occurredAt) });
  },
  'project.unarchived': async (em, { data }) => {
    await em.nativeUpdate(ProjectReplica, { id: data.projectId }, { archivedAt: null });
  },
  'project.deleted': async (em, { data }) => {
    await em.nativeDelete(MemberReplica, { projectId: data.projectId });
    await em.nativeDelete(ProjectReplica, { id: data.projectId });
  },
  'project.member_added': async (em, { data }) => {
    await em.upsert(new MemberReplica(data.projectId, data.userId, data.role));
  },
  'project.member_role_changed': async (em, { data }) => {
    await em.upsert(new MemberReplica(data.projectId, data.userId, data.role));
  },
  'project.member_removed': async (em, { data }) => {
    await em.nativeDelete(MemberReplica, { projectId: data.projectId, userId: data.userId });
  },
} satisfies EventHandlers;
