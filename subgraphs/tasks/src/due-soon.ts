import type { MikroORM } from '@mikro-orm/postgresql';
import { Task, TaskStatus } from './entities/task.js';
import { recordTaskEvent, taskSnapshot } from './events/publish.js';

const BATCH = 500;

/**
 * Finds open tasks due within the next 24 hours, assigned to a member of their project, that have
 * not been reminded for their current due date, marks them and records `task.due_soon`, in one transaction. Rows are claimed
 * with SKIP LOCKED and the mark is stored, so each reminder goes out once, whatever the number of
 * replicas and restarts.
 */
export function remindDueSoon(orm: MikroORM): Promise<number> {
  return orm.em.fork().transactional(async (em) => {
    const rows = await em.getConnection().execute<Record<string, unknown>[]>(
      `update tasks set due_soon_notified_at = now()
       where id in (
         select id from tasks
         where due_soon_notified_at is null and assignee_id is not null and status not in (?, ?)
           and due_at > now() and due_at <= now() + interval '24 hours'
           and exists (select 1 from member_replicas m where m.project_id = tasks.project_id and m.user_id = tasks.assignee_id)
         order by due_at limit ? for update skip locked)
       returning *`,
      [TaskStatus.DONE, TaskStatus.CANCELLED, BATCH],
      'all',
      em.getTransactionContext(),
    );
    for (const row of rows) recordTaskEvent(em, 'task.due_soon', taskSnapshot(em.map(Task, row)), null);
    return rows.length;
  });
}
