import type { EntityManager } from '@mikro-orm/postgresql';
import { type EventEnvelope, type TaskEventType, taskEventKind } from '@taskgraph/contracts';
import type { EventHandlers } from '@taskgraph/kit';
import { ActivityItem } from '../../entities/activity-item.js';
import { NotificationKind } from '../../kinds.js';
import { actorName, statusName } from '../../messages.js';
import { notify } from '../../notify.js';

async function recordActivity(em: EntityManager, event: EventEnvelope<TaskEventType>): Promise<void> {
  const kind = taskEventKind(event.type);
  // `task.due_soon` changes nothing in the task: no line in the feed.
  if (!kind) return;
  const { projectId, taskId } = event.data;
  await em.upsert(new ActivityItem(event.id, projectId, kind, taskId, event.actorId, new Date(event.occurredAt)));
}

/** A task created with an assignee, or given one: TASK_ASSIGNED for them. */
async function onAssigned(em: EntityManager, event: EventEnvelope<'task.created' | 'task.assigned'>): Promise<void> {
  await recordActivity(em, event);
  const { assigneeId, taskId, projectId, title } = event.data;
  const message = `${await actorName(em, event.actorId)} assigned you “${title}”`;
  await notify(em, event, [assigneeId], { kind: NotificationKind.TASK_ASSIGNED, message, taskId, projectId });
}

/**
 * Task events become the project's activity feed and the notifications the contract lists:
 * the new assignee for an assignment, assignee and reporter for status changes, completion and
 * comments, the assignee for a due date closing in.
 */
export const taskHandlers: EventHandlers = {
  'task.created': onAssigned,
  'task.updated': (em, event) => recordActivity(em, event),
  'task.deleted': (em, event) => recordActivity(em, event),
  'task.assigned': onAssigned,
  'task.status_changed': async (em, event) => {
    await recordActivity(em, event);
    const { assigneeId, reporterId, taskId, projectId, title, status } = event.data;
    const message = `${await actorName(em, event.actorId)} moved “${title}” to ${statusName(status)}`;
    await notify(em, event, [assigneeId, reporterId], { kind: NotificationKind.TASK_STATUS_CHANGED, message, taskId, projectId });
  },
  'task.completed': async (em, event) => {
    await recordActivity(em, event);
    const { assigneeId, reporterId, taskId, projectId, title } = event.data;
    const message = `${await actorName(em, event.actorId)} completed “${title}”`;
    await notify(em, event, [assigneeId, reporterId], { kind: NotificationKind.TASK_COMPLETED, message, taskId, projectId });
  },
  'task.commented': async (em, event) => {
    await recordActivity(em, event);
    const { assigneeId, reporterId, taskId, projectId, title } = event.data;
    const message = `${await actorName(em, event.actorId)} commented on “${title}”`;
    await notify(em, event, [assigneeId, reporterId], { kind: NotificationKind.TASK_COMMENTED, message, taskId, projectId });
  },
  'task.due_soon': async (em, event) => {
    const { assigneeId, taskId, projectId, title } = event.data;
    await notify(em, event, [assigneeId], {
      kind: NotificationKind.TASK_DUE_SOON,
      message: `“${title}” is due within 24 hours`,
      taskId,
      projectId,
    });
  },
};
