import type { EntityManager } from '@mikro-orm/postgresql';
import { recordEvent, type EventCatalog, type TaskSnapshot } from '@taskgraph/kit';
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

type TaskEventType = Extract<keyof EventCatalog, `task.${string}`>;

/** Records a task event in the outbox, in the transaction of the change it describes. */
export function recordTaskEvent<T extends TaskEventType>(
  em: EntityManager,
  type: T,
  task: Task,
  actorId: string | null,
  extra: Omit<EventCatalog[T], keyof TaskSnapshot>,
): void {
  recordEvent(em, type, { ...taskSnapshot(task), ...extra } as EventCatalog[T], actorId);
}
