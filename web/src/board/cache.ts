/**
 * Keeps the board's columns in the cache true to a task's status, place and the board's filters without asking the
 * server again: a task shows in the column of its status, at its position, and in no other. Each column is a cached
 * `project.tasks(filter:, orderBy: POSITION)` list; only columns already loaded (with these filters) are touched.
 * Both are idempotent, so a change the app made itself and then hears of live is applied once.
 */
import type { ApolloCache } from '@apollo/client';
import type { CommentItemFragment, TaskCardFragment } from '../gql/graphql';
import { BoardColumnDocument, TaskCommentsDocument } from './documents';
import { type BoardFilters, columnVariables, matches } from './filters';
import { statuses } from './statuses';

/** Positions are fractional-indexing keys, ordered code unit by code unit (not by locale). */
const byPosition = (a: { node: { position: string } }, b: { node: { position: string } }) =>
  a.node.position < b.node.position ? -1 : a.node.position > b.node.position ? 1 : 0;

export function placeTask(cache: ApolloCache, projectId: string, task: TaskCardFragment, filters: BoardFilters): void {
  for (const status of statuses) {
    cache.updateQuery({ query: BoardColumnDocument, variables: columnVariables(projectId, status, filters) }, (data) => {
      if (!data?.project) return undefined;
      const { tasks } = data.project;
      const present = tasks.edges.some((edge) => edge.node.id === task.id);
      const others = tasks.edges.filter((edge) => edge.node.id !== task.id);
      const last = others.at(-1);
      // Past the last card loaded of a column with more pages, the task is on a page not loaded yet: paging brings it.
      const beyondLoaded = tasks.pageInfo.hasNextPage && last !== undefined && last.node.position < task.position;
      const belongs = task.status === status && matches(task, filters) && !beyondLoaded;
      if (!present && !belongs) return undefined;
      // Its cursor is unknown, and not needed: paging goes on from the column's pageInfo.endCursor.
      const edges = belongs ? [...others, { __typename: 'TaskEdge' as const, cursor: '', node: task }].sort(byPosition) : others;
      const totalCount = tasks.totalCount + (present === belongs ? 0 : belongs ? 1 : -1);
      return { ...data, project: { ...data.project, tasks: { ...tasks, edges, totalCount } } };
    });
  }
}

export function removeTask(cache: ApolloCache, projectId: string, taskId: string, filters: BoardFilters): void {
  for (const status of statuses) {
    cache.updateQuery({ query: BoardColumnDocument, variables: columnVariables(projectId, status, filters) }, (data) => {
      if (!data?.project?.tasks.edges.some((edge) => edge.node.id === taskId)) return undefined;
      const { tasks } = data.project;
      const edges = tasks.edges.filter((edge) => edge.node.id !== taskId);
      return { ...data, project: { ...data.project, tasks: { ...tasks, edges, totalCount: tasks.totalCount - 1 } } };
    });
  }
  cache.evict({ id: cache.identify({ __typename: 'Task', id: taskId }) });
  cache.gc();
}

/** A new comment goes on top of the task's comments (newest first), where they are loaded. */
export function addComment(cache: ApolloCache, taskId: string, comment: CommentItemFragment): void {
  cache.updateQuery({ query: TaskCommentsDocument, variables: { taskId } }, (data) => {
    if (!data?.task || data.task.comments.edges.some((edge) => edge.node.id === comment.id)) return undefined;
    const { comments } = data.task;
    const edges = [{ __typename: 'CommentEdge' as const, cursor: '', node: comment }, ...comments.edges];
    return { ...data, task: { ...data.task, comments: { ...comments, edges, totalCount: comments.totalCount + 1 } } };
  });
}

export function removeComment(cache: ApolloCache, taskId: string, commentId: string): void {
  cache.updateQuery({ query: TaskCommentsDocument, variables: { taskId } }, (data) => {
    if (!data?.task?.comments.edges.some((edge) => edge.node.id === commentId)) return undefined;
    const { comments } = data.task;
    const edges = comments.edges.filter((edge) => edge.node.id !== commentId);
    return { ...data, task: { ...data.task, comments: { ...comments, edges, totalCount: comments.totalCount - 1 } } };
  });
  cache.evict({ id: cache.identify({ __typename: 'Comment', id: commentId }) });
  cache.gc();
}
