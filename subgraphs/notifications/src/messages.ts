import type { EntityManager } from '@mikro-orm/postgresql';
import { ProjectReplica } from '@taskgraph/kit';
import { UserName } from './entities/user-name.js';

const statusNames: Record<string, string> = {
  TODO: 'To do',
  IN_PROGRESS: 'In progress',
  IN_REVIEW: 'In review',
  DONE: 'Done',
  CANCELLED: 'Cancelled',
};

export const statusName = (status: string): string => statusNames[status] ?? status;

/** The actor's display name as this subgraph knows it; "Someone" for a name it has not learnt yet. */
export async function actorName(em: EntityManager, actorId: string | null): Promise<string> {
  if (!actorId) return 'Someone';
  return (await em.findOne(UserName, { id: actorId }))?.displayName ?? 'Someone';
}

export async function projectName(em: EntityManager, projectId: string): Promise<string> {
  return (await em.findOne(ProjectReplica, { id: projectId }))?.name || 'a project';
}
