import type { EntityDictionary } from '@mikro-orm/core';
import {
  badUserInput,
  type Connection,
  loaderById,
  type PageWindow,
  pastCursor,
  type RequestContext,
  readOnlyEntity,
  scanOrder,
  toPage,
  windowCursor,
  withCursor,
} from '@taskgraph/kit';
import DataLoader from 'dataloader';
import { z } from 'zod';
import { Comment } from './entities/comment.js';
import { Label } from './entities/label.js';
import { Task, TaskStatus } from './entities/task.js';
import { OrderDirection } from './graphql/inputs.js';

export const tasksById = loaderById(Task);

export const commentsById = loaderById(Comment);

export const labelsById = loaderById(Label);

const commentCursor = z.tuple([z.enum(OrderDirection), z.string().max(64), z.uuid()]);

export interface CommentPageKey {
  taskId: string;
  direction: OrderDirection;
  window: PageWindow;
}

/** The page a key asks for, without the task: keys that share it are fetched together. */
const pageOf = ({ direction, window }: CommentPageKey) => JSON.stringify([direction, window]);

/**
 * A page of comments (oldest or newest first) for each task, batched: the comments of every
 * task on a page of tasks come from two statements, however many tasks there are.
 */
export const commentPages = (ctx: RequestContext) =>
  new DataLoader<CommentPageKey, Connection<Comment>, string>(
    async (keys) => {
      const pages = new Map<string, Connection<Comment>>();
      const groups = new Map<string, CommentPageKey[]>();
      for (const key of keys) groups.set(pageOf(key), [...(groups.get(pageOf(key)) ?? []), key]);
      for (const group of groups.values()) {
        const { direction, window } = group[0]!;
        const scan = scanOrder(direction === OrderDirection.ASC ? 'asc' : 'desc', window);
        const taskIds = group.map((key) => key.taskId);
        const knex = ctx.em.getKnex();
        const ranked = knex('comments')
          .select('comments.*', knex.raw('comments.created_at::text as sort_key'))
          .select(knex.raw(`row_number() over (partition by task_id order by created_at ${scan}, id ${scan}) as rank`))
          .whereIn('task_id', taskIds);
        const cursor = windowCursor(window, commentCursor);
        if (cursor) {
          const [cursorDirection, createdAt, id] = cursor;
          if (cursorDirection !== direction) throw badUserInput({ [window.cursorField]: 'belongs to another order' });
          ranked.whereRaw(`(created_at, id) ${pastCursor(scan)} (?::timestamptz, ?::uuid)`, [createdAt, id]);
        }
        const [rows, counts] = await withCursor(
          Promise.all([
            knex
              .select('*')
              .from(ranked.as('ranked'))
              .where('rank', '<=', window.limit + 1)
              .orderBy(['task_id', 'rank']) as Promise<
              (Record<string, unknown> & { id: string; task_id: string; sort_key: string; rank: string })[]
            >,
            knex('comments').select('task_id').count({ count: '*' }).whereIn('task_id', taskIds).groupBy('task_id') as Promise<
              { task_id: string; count: string }[]
            >,
          ]),
          window.cursorField,
        );
        const totals = new Map(counts.map(({ task_id, count }) => [task_id, Number(count)]));
        for (const key of group) {
          const { edges, pageInfo } = toPage(
            rows.filter((row) => row.task_id === key.taskId),
            window,
            (row) => [direction, row.sort_key, row.id],
          );
          pages.set(pageKey(key), {
            edges: edges.map(({ cursor: edgeCursor, node: { rank: _rank, sort_key: _sortKey, ...row } }) => ({
              cursor: edgeCursor,
              node: readOnlyEntity(ctx.em, Comment, row),
            })),
            pageInfo,
            totalCount: totals.get(key.taskId) ?? 0,
          });
        }
      }
      return keys.map((key) => pages.get(pageKey(key))!);
    },
    { cacheKeyFn: (key) => pageKey(key) },
  );

const pageKey = (key: CommentPageKey) => JSON.stringify([key.taskId, key.direction, key.window]);

/** The labels of each task, by name: one statement for a page of tasks. */
export const labelsOfTasks = (ctx: RequestContext) =>
  new DataLoader<string, Label[]>(async (taskIds) =>
    labelsByOwner(
      ctx,
      taskIds,
      await ctx.em
        .getKnex()('labels')
        .select('labels.*', 'task_labels.task_id as owner')
        .join('task_labels', 'task_labels.label_id', 'labels.id')
        .whereIn('task_labels.task_id', [...taskIds])
        .orderByRaw('lower(labels.name), labels.id'),
    ),
  );

/** The labels of each project, by name: one statement for the projects asked for together. */
export const labelsOfProjects = (ctx: RequestContext) =>
  new DataLoader<string, Label[]>(async (projectIds) =>
    labelsByOwner(
      ctx,
      projectIds,
      await ctx.em
        .getKnex()('labels')
        .select('labels.*', 'labels.project_id as owner')
        .whereIn('project_id', [...projectIds])
        .orderBy(['name', 'id']),
    ),
  );

/** Rows of labels, each with the `owner` (task or project) it was read for, as each owner's list, in the order read; kept out of the identity map. */
function labelsByOwner(ctx: RequestContext, owners: readonly string[], rows: (EntityDictionary<Label> & { owner: string })[]): Label[][] {
  const byOwner = new Map<string, Label[]>();
  for (const { owner, ...row } of rows) {
    const labels = byOwner.get(owner) ?? [];
    labels.push(readOnlyEntity(ctx.em, Label, row));
    byOwner.set(owner, labels);
  }
  return owners.map((owner) => byOwner.get(owner) ?? []);
}

/** Tasks per status of each project, every status listed: one grouped statement for all the projects asked for. */
export const taskCounts = (ctx: RequestContext) =>
  new DataLoader<string, { status: TaskStatus; count: number }[]>(async (projectIds) => {
    const rows = (await ctx.em
      .getKnex()('tasks')
      .select('project_id', 'status')
      .count({ count: '*' })
      .whereIn('project_id', [...projectIds])
      .groupBy('project_id', 'status')) as { project_id: string; status: TaskStatus; count: string }[];
    const counted = new Map(rows.map((row) => [`${row.project_id}:${row.status}`, Number(row.count)]));
    return projectIds.map((projectId) =>
      Object.values(TaskStatus).map((status) => ({ status, count: counted.get(`${projectId}:${status}`) ?? 0 })),
    );
  });
