import type { Knex } from '@mikro-orm/postgresql';
import {
  badUserInput,
  type Connection,
  escapeLike,
  type PageArgs,
  pageWindow,
  parseInput,
  pastCursor,
  type RequestContext,
  readOnlyEntity,
  scanOrder,
  toPage,
  windowCursor,
  withCursor,
} from '@taskgraph/kit';
import { z } from 'zod';
import { Task } from '../entities/task.js';
import { OrderDirection, type TaskFilter, type TaskOrder, TaskOrderField, taskFilter } from './inputs.js';

export interface TaskListArgs extends PageArgs {
  filter?: TaskFilter | null;
  orderBy?: TaskOrder | null;
}

const DEFAULT_ORDER = { field: TaskOrderField.CREATED_AT, direction: OrderDirection.DESC };

/** The sort key of each order, as SQL, and its type; tasks without a due date come last either way. */
function sortKey({ field, direction }: TaskOrder): { sql: string; type: string } {
  switch (field) {
    case TaskOrderField.CREATED_AT:
      return { sql: 'tasks.created_at', type: 'timestamptz' };
    case TaskOrderField.UPDATED_AT:
      return { sql: 'tasks.updated_at', type: 'timestamptz' };
    case TaskOrderField.DUE_AT:
      return {
        sql: `coalesce(tasks.due_at, '${direction === OrderDirection.ASC ? 'infinity' : '-infinity'}'::timestamptz)`,
        type: 'timestamptz',
      };
    case TaskOrderField.PRIORITY:
      return { sql: 'tasks.priority', type: 'task_priority' };
    case TaskOrderField.POSITION:
      return { sql: 'tasks.position', type: 'text' };
  }
}

const cursorShape = z.tuple([z.enum(TaskOrderField), z.enum(OrderDirection), z.string().max(1024), z.uuid()]);

/**
 * One page of tasks in `scope`, filtered and ordered, with keyset pagination on (sort key, id)
 * in either direction: two statements whatever the page size.
 */
export async function listTasks(
  ctx: RequestContext,
  scope: (query: Knex.QueryBuilder) => void,
  args: TaskListArgs,
): Promise<Connection<Task>> {
  const window = pageWindow(args);
  const filter = args.filter ? parseInput(taskFilter, args.filter) : {};
  const order = args.orderBy ?? DEFAULT_ORDER;
  const key = sortKey(order);
  const knex = ctx.em.getKnex();

  const matching = knex('tasks').where(scope);
  if (filter.status?.length) matching.whereIn('tasks.status', filter.status);
  if (filter.priority?.length) matching.whereIn('tasks.priority', filter.priority);
  if (filter.assigneeId) matching.where('tasks.assignee_id', filter.assigneeId.toLowerCase());
  if (filter.unassigned) matching.whereNull('tasks.assignee_id');
  if (filter.reporterId) matching.where('tasks.reporter_id', filter.reporterId.toLowerCase());
  if (filter.labelIds?.length) {
    const labelIds = filter.labelIds;
    matching.whereExists((labelled) =>
      labelled
        .select(knex.raw('1'))
        .from('task_labels')
        .whereRaw('task_labels.task_id = tasks.id')
        .whereIn('task_labels.label_id', labelIds),
    );
  }
  if (filter.dueAfter) matching.where('tasks.due_at', '>=', filter.dueAfter);
  if (filter.dueBefore) matching.where('tasks.due_at', '<', filter.dueBefore);
  if (filter.search) {
    const pattern = `%${escapeLike(filter.search)}%`;
    matching.where((query) => query.whereILike('tasks.title', pattern).orWhereILike('tasks.description', pattern));
  }

  const page = matching.clone().select('tasks.*', knex.raw(`(${key.sql})::text as sort_key`));
  const scan = scanOrder(order.direction === OrderDirection.ASC ? 'asc' : 'desc', window);
  const cursor = windowCursor(window, cursorShape);
  if (cursor) {
    const [field, direction, value, id] = cursor;
    if (field !== order.field || direction !== order.direction) throw badUserInput({ [window.cursorField]: 'belongs to another order' });
    page.whereRaw(`(${key.sql}, tasks.id) ${pastCursor(scan)} (?::${key.type}, ?::uuid)`, [value, id]);
  }
  page.orderByRaw(`${key.sql} ${scan}, tasks.id ${scan}`).limit(window.limit + 1);

  const [rows, counted] = await withCursor(
    Promise.all([
      page as Promise<(Record<string, unknown> & { id: string; sort_key: string })[]>,
      matching.clone().count({ count: '*' }) as Promise<{ count: string }[]>,
    ]),
    window.cursorField,
  );
  const { edges, pageInfo } = toPage(rows, window, (row) => [order.field, order.direction, row.sort_key, row.id]);
  return {
    edges: edges.map(({ cursor: edgeCursor, node: { sort_key: _sortKey, ...row } }) => ({
      cursor: edgeCursor,
      node: readOnlyEntity(ctx.em, Task, row),
    })),
    pageInfo,
    totalCount: Number(counted[0]?.count ?? 0),
  };
}
