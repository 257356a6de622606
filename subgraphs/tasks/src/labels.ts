import type { EntityManager } from '@mikro-orm/postgresql';
import { badUserInput } from '@taskgraph/kit';
import { Label } from './entities/label.js';
import type { Task } from './entities/task.js';
import { TaskLabel } from './entities/task-label.js';

/** The labels with these ids, all of which must belong to the project; else BAD_USER_INPUT on `field`. */
export async function projectLabels(em: EntityManager, projectId: string, ids: readonly string[], field: string): Promise<Label[]> {
  if (!ids.length) return [];
  const labels = await em.find(Label, { id: { $in: [...ids] }, projectId });
  if (labels.length !== ids.length) throw badUserInput({ [field]: 'must be labels of the task’s project' });
  return labels;
}

/** The ids of a task's labels, sorted, as events report them. */
export async function labelIdsOf(em: EntityManager, task: Task): Promise<string[]> {
  const rows = await em.find(TaskLabel, { task }, { fields: ['label'] });
  return rows.map((row) => row.label.id).sort();
}

/** Gives the task exactly these labels, in the transaction of `em`. */
export async function replaceLabels(em: EntityManager, task: Task, labels: readonly Label[]): Promise<void> {
  await em.nativeDelete(TaskLabel, { task });
  for (const label of labels) em.persist(new TaskLabel(task, label));
}
