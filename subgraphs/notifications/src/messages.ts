import type { EntityManager } from '@mikro-orm/postgresql';
import { waitFor } from '@taskgraph/kit';
import { ProjectReplica } from '@taskgraph/memberships';
import { UserName } from './entities/user-name.js';

const statusNames: Record<string, string> = {
  TODO: 'To do',
  IN_PROGRESS: 'In progress',
  IN_REVIEW: 'In review',
  DONE: 'Done',
  CANCELLED: 'Cancelled',
};

export const statusName = (status: string): string => statusNames[status] ?? status;

/**
 * Names arrive by `user.*` events, on a consumer of their own: an actor who registered a moment
 * ago may not be known yet, so an unknown name is waited for briefly before "Someone" stands in.
 */
const NAME_WAIT_MS = 2000;

/** The actor's display name as this subgraph knows it. */
export async function actorName(em: EntityManager, actorId: string | null): Promise<string> {
  if (!actorId) return 'Someone';
  const known = await waitFor(
    async () => (await em.findOne(UserName, { id: actorId }, { disableIdentityMap: true }))?.displayName,
    NAME_WAIT_MS,
  );
  return known ?? 'Someone';
}

export async function projectName(em: EntityManager, projectId: string): Promise<string> {
  return (await em.findOne(ProjectReplica, { id: projectId }))?.name || 'a project';
}
