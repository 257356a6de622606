import type { EntityManager } from '@mikro-orm/postgresql';
import { badUserInput } from '@taskgraph/kit';
import { generateKeyBetween } from 'fractional-indexing';
import type { TaskStatus } from './entities/task.js';

/**
 * Takes the column's lock for the rest of the transaction: ranks are computed from the ranks
 * around them, so two placements in one column at once would pick the same key. Placements in
 * other columns go on meanwhile.
 */
async function lockColumn(em: EntityManager, projectId: string, status: TaskStatus): Promise<void> {
  await em.execute('select pg_advisory_xact_lock(hashtextextended(?, 0))', [`tasks-column:${projectId}:${status}`]);
}

interface Ranked {
  id: string;
  project_id: string;
  status: TaskStatus;
  position: string;
}

/** The last rank of a column, leaving out the task being placed. */
async function lastRank(em: EntityManager, projectId: string, status: TaskStatus, taskId: string | null): Promise<string | null> {
  const query = em.getKnex()('tasks').max({ position: 'position' }).where({ project_id: projectId, status });
  if (taskId) query.whereNot('id', taskId);
  const [row] = await em.execute<{ position: string | null }[]>(query);
  return row?.position ?? null;
}

/** The rank that puts a task last in its column (in a transaction, which holds the column until it ends). */
export async function rankAtEnd(em: EntityManager, projectId: string, status: TaskStatus, taskId: string | null = null): Promise<string> {
  await lockColumn(em, projectId, status);
  return generateKeyBetween(await lastRank(em, projectId, status, taskId), null);
}

export interface Placement {
  taskId: string;
  projectId: string;
  status: TaskStatus;
  afterTaskId: string | null;
  beforeTaskId: string | null;
}

/**
 * The rank that puts the task right after `afterTaskId` or right before `beforeTaskId` in the
 * column (neither: last). A
 * neighbour that is not in the project's column, or is the task itself, is BAD_USER_INPUT.
 */
export async function rankBetween(em: EntityManager, placement: Placement): Promise<string> {
  const { taskId, projectId, status, afterTaskId, beforeTaskId } = placement;
  await lockColumn(em, projectId, status);
  const knex = em.getKnex();
  const neighbour = async (id: string | null, field: string): Promise<Ranked | null> => {
    if (!id) return null;
    const [row] = await em.execute<Ranked[]>(knex('tasks').select('id', 'project_id', 'status', 'position').where('id', id));
    if (!row || row.id === taskId || row.project_id !== projectId || row.status !== status) {
      throw badUserInput({ [field]: 'must be another task in the same project and status column' });
    }
    return row;
  };
  const after = await neighbour(afterTaskId, 'afterTaskId');
  const before = await neighbour(beforeTaskId, 'beforeTaskId');
  const next = async (from: Ranked, direction: '>' | '<'): Promise<string | null> => {
    const [row] = await em.execute<{ position: string }[]>(
      knex('tasks')
        .select('position')
        .where({ project_id: projectId, status })
        .whereNot('id', taskId)
        .where('position', direction, from.position)
        .orderBy('position', direction === '>' ? 'asc' : 'desc')
        .limit(1),
    );
    return row?.position ?? null;
  };
  // Both: right after `after`, which must come before `before`. Moves made at once into one gap
  // each land right after `after`, in the order they are serialized; none is refused for it.
  if (after && before && after.position >= before.position) {
    throw badUserInput({ beforeTaskId: 'must come after afterTaskId in the column' });
  }
  if (after) return generateKeyBetween(after.position, await next(after, '>'));
  if (before) return generateKeyBetween(await next(before, '<'), before.position);
  return generateKeyBetween(await lastRank(em, projectId, status, taskId), null);
}
