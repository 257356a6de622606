/**
 * `taskChanged` of the open project, applied to the cache with no request: the event's task (selected with the
 * card's fields) and comment are normalized by Apollo itself; here the task is put into the column of its status at
 * its position (creations included), removed when deleted, and a new comment goes on top of its task's comments. A
 * deleted comment is the one change whose event does not say which comment: that task's comments are asked again,
 * and only where they are shown.
 */
import { useApolloClient, useSubscription } from '@apollo/client/react';
import { resumeAfterError } from '../apollo/live';
import { addComment, placeTask, removeTask } from './cache';
import { TaskChangedDocument, TaskCommentsDocument } from './documents';
import type { BoardFilters } from './filters';

export function useTaskChanges(projectId: string, filters: BoardFilters): void {
  const client = useApolloClient();
  const live = useSubscription(TaskChangedDocument, {
    variables: { projectId },
    ignoreResults: true,
    onData: ({ data: { data } }) => {
      const event = data?.taskChanged;
      if (!event) return;
      if (event.kind === 'DELETED' || !event.task) return removeTask(client.cache, projectId, event.taskId, filters);
      placeTask(client.cache, projectId, event.task, filters);
      if (event.kind === 'COMMENTED' && event.comment) addComment(client.cache, event.taskId, event.comment);
      if (event.kind === 'COMMENT_DELETED') {
        void client.refetchQueries({
          include: [TaskCommentsDocument],
          onQueryUpdated: (query) => query.variables.taskId === event.taskId && query.refetch(),
        });
      }
    },
    // Ending otherwise (FORBIDDEN once removed, NOT_FOUND once deleted) is the project's to tell: see useProjectChanges.
    onError: (error) => resumeAfterError(client, error, () => live.restart()),
  });
}
