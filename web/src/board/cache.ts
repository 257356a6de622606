/**
 * Keeps the board's columns in the cache true to a task's status without asking the server again: a task shows in
 * the column of its status and in no other. Each column is a cached `project.tasks(filter: {status: [S]})` list;
 * only columns already loaded are touched.
 */
import type { ApolloCache } from '@apollo/client';
import type { TaskCardFragment } from '../gql/graphql';
import { BoardColumnDocument } from './documents';
import { statuses } from './statuses';

export function placeTask(cache: ApolloCache, projectId: string, task: TaskCardFragment): void {
  for (const status of statuses) {
    cache.updateQuery({ query: BoardColumnDocument, variables: { projectId, status } }, (data) => {
      if (!data?.project) return undefined;
      const { tasks } = data.project;
      const present = tasks.edges.some((edge) => edge.node.id === task.id);
      const belongs = task.status === status;
      if (present === belongs) return undefined;
      const edges = belongs
        ? // Columns are newest first: a task that arrives goes on top (its cursor is unknown, and not needed to page on).
          [{ __typename: 'TaskEdge' as const, cursor: '', node: task }, ...tasks.edges]
        : tasks.edges.filter((edge) => edge.node.id !== task.id);
      return { ...data, project: { ...data.project, tasks: { ...tasks, edges, totalCount: tasks.totalCount + (belongs ? 1 : -1) } } };
    });
  }
}

export function removeTask(cache: ApolloCache, projectId: string, taskId: string): void {
  for (const status of statuses) {
    cache.updateQuery({ query: BoardColumnDocument, variables: { projectId, status } }, (data) => {
      if (!data?.project?.tasks.edges.some((edge) => edge.node.id === taskId)) return undefined;
      const { tasks } = data.project;
      const edges = tasks.edges.filter((edge) => edge.node.id !== taskId);
      return { ...data, project: { ...data.project, tasks: { ...tasks, edges, totalCount: tasks.totalCount - 1 } } };
    });
  }
  cache.evict({ id: cache.identify({ __typename: 'Task', id: taskId }) });
  cache.gc();
}
