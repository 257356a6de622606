import type { EntityManager } from '@mikro-orm/postgresql';
import type { EventCatalog, TaskEventType, TaskSnapshot } from '@taskgraph/contracts';
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

/** Records a task event in the outbox, in the transaction of the change it describes; `data` starts from `taskSnapshot`. */
export function recordTaskEvent<T extends TaskEventType>(em: EntityManager, type: T, data: EventCatalog[T], actorId: string | null): void {
  recordEvent(em, type, data, actorId);
}
