import type { Knex } from '@mikro-orm/postgresql';
import {
  badUserInput,
  type Connection,
  decodeCursor,
  encodeCursor,
  escapeLike,
  pageSize,
  parseInput,
  type RequestContext,
  withCursor,
} from '@taskgraph/kit';
import { z } from 'zod';
import { Task } from '../entities/task.js';
import { OrderDirection, type TaskFilter, type TaskOrder, TaskOrderField, taskFilter } from './inputs.js';

export interface TaskListArgs {
  filter?: TaskFilter | null;
  orderBy?: TaskOrder | null;
  first?: number | null;
  after?: string | null;
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
  }
}

const cursorShape = z.tuple([z.enum(TaskOrderField), z.enum(OrderDirection), z.string().max(64), z.uuid()]);

/**
 * One page of tasks in `scope`, filtered and ordered, with keyset pagination on (sort key, id):
 * two statements whatever the page size.
 */
export async function listTasks(
  ctx: RequestContext,
  scope: (query: Knex.QueryBuilder) => void,
  args: TaskListArgs,
): Promise<Connection<Task>> {
  const limit = pageSize(args.first);
  const filter = args.filter ? parseInput(taskFilter, args.filter) : {};
  const order = args.orderBy ?? DEFAULT_ORDER;
  const key = sortKey(order);
  const knex = ctx.em.getKnex();

  const matching = knex('tasks').where(scope);
  if (filter.status?.length) matching.whereIn('tasks.status', filter.status);
  if (filter.priority?.length) matching.whereIn('tasks.priority', filter.priority);
  if (filter.assigneeId) matching.where('tasks.assignee_id', filter.assigneeId.toLowerCase());
  if (filter.dueAfter) matching.where('tasks.due_at', '>=', filter.dueAfter);
  if (filter.dueBefore) matching.where('tasks.due_at', '<', filter.dueBefore);
  if (filter.search) {
    const pattern = `%${escapeLike(filter.search)}%`;
    matching.where((query) => query.whereILike('tasks.title', pattern).orWhereILike('tasks.description', pattern));
  }

  const page = matching.clone().select('tasks.*', knex.raw(`(${key.sql})::text as sort_key`));
  if (args.after) {
    const [field, direction, value, id] = decodeCursor(args.after, cursorShape);
    if (field !== order.field || direction !== order.direction) throw badUserInput({ after: 'belongs to another order' });
    const comparison = order.direction === OrderDirection.ASC ? '>' : '<';
    page.whereRaw(`(${key.sql}, tasks.id) ${comparison} (?::${key.type}, ?::uuid)`, [value, id]);
  }
  const direction = order.direction === OrderDirection.ASC ? 'asc' : 'desc';
  page.orderByRaw(`${key.sql} ${direction}, tasks.id ${direction}`).limit(limit + 1);

  const [rows, counted] = await withCursor(
    Promise.all([
      page as Promise<(Record<string, unknown> & { sort_key: string })[]>,
      matching.clone().count({ count: '*' }) as Promise<{ count: string }[]>,
    ]),
  );
  const edges = rows.slice(0, limit).map(({ sort_key, ...row }) => ({
    cursor: encodeCursor([order.field, order.direction, sort_key, row.id]),
    node: ctx.em.map(Task, row),
  }));
  return {
    edges,
    pageInfo: { hasNextPage: rows.length > limit, endCursor: edges.at(-1)?.cursor ?? null },
    totalCount: Number(counted[0]?.count ?? 0),
  };
}
