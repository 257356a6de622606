/**
 * `taskChanged` of the open project, applied to the cache: the event's task (selected with the card's fields) is
 * normalized by Apollo itself, moved between columns here, and removed when deleted. A comment refetches the
 * comments of that task only, and only where they are shown.
 */
import { useApolloClient, useSubscription } from '@apollo/client/react';
import { placeTask, removeTask } from './cache';
import { TaskChangedDocument, TaskCommentsDocument } from './documents';

export function useTaskChanges(projectId: string): void {
  const client = useApolloClient();
  useSubscription(TaskChangedDocument, {
    variables: { projectId },
    onData: ({ data: { data } }) => {
      const event = data?.taskChanged;
      if (!event) return;
      if (event.kind === 'DELETED' || !event.task) return removeTask(client.cache, projectId, event.taskId);
      placeTask(client.cache, projectId, event.task);
      if (event.kind === 'COMMENTED') {
        void client.refetchQueries({
          include: [TaskCommentsDocument],
          onQueryUpdated: (query) => query.variables.taskId === event.taskId && query.refetch(),
        });
      }
    },
  });
}
