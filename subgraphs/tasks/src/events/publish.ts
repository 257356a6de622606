import type { EntityManager } from '@mikro-orm/postgresql';
import type { EventCatalog, FieldChange, TaskEventType, TaskSnapshot } from '@taskgraph/contracts';
import { recordEvent } from '@taskgraph/kit';
import type { Task } from '../entities/task.js';

export function taskSnapshot(task: Task): TaskSnapshot {
  return {
    taskId: task.id,
    projectId: task.projectId,
    title: task.title,
    status: task.status,
    priority: task.priority,
    dueAt: task.dueAt?.toISOString() ?? null,
    assigneeId: task.assigneeId,
    reporterId: task.reporterId,
  };
}

/** A field's value as the events tell it: times as ISO-8601, enums by name. */
const asText = (value: string | Date | null): string | null => (value instanceof Date ? value.toISOString() : value);

/** What an update changes, field by field, from the task's values before it and the new ones. */
export const fieldChanges = <F extends string>(
  fields: F[],
  before: Record<F, string | Date | null>,
  after: Record<F, string | Date | null>,
): FieldChange[] => fields.map((field) => ({ field, from: asText(before[field]), to: asText(after[field]) }));

/** Records a task event in the outbox, in the transaction of the change it describes; `data` starts from `taskSnapshot`. */
export function recordTaskEvent<T extends TaskEventType>(em: EntityManager, type: T, data: EventCatalog[T], actorId: string | null): void {
  recordEvent(em, type, data, actorId);
}
