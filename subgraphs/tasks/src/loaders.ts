import { type Connection, decodeCursor, encodeCursor, loaderById, pageSize, type RequestContext, withCursor } from '@taskgraph/kit';
import DataLoader from 'dataloader';
import { z } from 'zod';
import { Comment } from './entities/comment.js';
import { Task } from './entities/task.js';

export const tasksById = loaderById(Task);

export const commentsById = loaderById(Comment);

const commentCursor = z.tuple([z.string().max(64), z.uuid()]);

interface CommentPageKey {
  taskId: string;
  first: number | null | undefined;
  after: string | null | undefined;
}

/**
 * A page of comments (oldest first) for each task, batched: the comments of every task on a
 * page of tasks come from two statements, however many tasks there are.
 */
export const commentPages = (ctx: RequestContext) =>
  new DataLoader<CommentPageKey, Connection<Comment>, string>(
    async (keys) => {
      const pages = new Map<string, Connection<Comment>>();
      const groups = new Map<string, CommentPageKey[]>();
      for (const key of keys) {
        const args = JSON.stringify([key.first ?? null, key.after ?? null]);
        groups.set(args, [...(groups.get(args) ?? []), key]);
      }
      for (const group of groups.values()) {
        const { first, after } = group[0]!;
        const limit = pageSize(first);
        const taskIds = group.map((key) => key.taskId);
        const knex = ctx.em.getKnex();
        const ranked = knex('comments')
          .select('comments.*', knex.raw('comments.created_at::text as sort_key'))
          .select(knex.raw('row_number() over (partition by task_id order by created_at, id) as position'))
          .whereIn('task_id', taskIds);
        if (after) {
          const [createdAt, id] = decodeCursor(after, commentCursor);
          ranked.whereRaw('(created_at, id) > (?::timestamptz, ?::uuid)', [createdAt, id]);
        }
        const [rows, counts] = await withCursor(
          Promise.all([
            knex
              .select('*')
              .from(ranked.as('ranked'))
              .where('position', '<=', limit + 1)
              .orderBy(['task_id', 'position']) as Promise<
              (Record<string, unknown> & { task_id: string; sort_key: string; position: string })[]
            >,
            knex('comments').select('task_id').count({ count: '*' }).whereIn('task_id', taskIds).groupBy('task_id') as Promise<
              { task_id: string; count: string }[]
            >,
          ]),
        );
        const totals = new Map(counts.map(({ task_id, count }) => [task_id, Number(count)]));
        for (const taskId of taskIds) {
          const own = rows.filter((row) => row.task_id === taskId);
          const edges = own.slice(0, limit).map(({ position: _position, sort_key, ...row }) => ({
            cursor: encodeCursor([sort_key, row.id]),
            node: ctx.em.map(Comment, row),
          }));
          pages.set(JSON.stringify([taskId, first ?? null, after ?? null]), {
            edges,
            pageInfo: { hasNextPage: own.length > limit, endCursor: edges.at(-1)?.cursor ?? null },
            totalCount: totals.get(taskId) ?? 0,
          });
        }
      }
      return keys.map((key) => pages.get(JSON.stringify([key.taskId, key.first ?? null, key.after ?? null]))!);
    },
    { cacheKeyFn: (key) => JSON.stringify([key.taskId, key.first ?? null, key.after ?? null]) },
  );
