/**
 * `projectChanged` of the open project. Its changes reach the cache by themselves (see ProjectChangedDocument); what
 * is left is the end: the viewer removed (MEMBER_REMOVED about themself, then FORBIDDEN) or the project deleted
 * (DELETED, then NOT_FOUND). Either closes the project's screens with a message.
 */
import { useApolloClient, useSubscription } from '@apollo/client/react';
import { useState } from 'react';
import { errorInfo } from '../apollo/errors';
import { resumeAfterError } from '../apollo/live';
import { useSession } from '../auth/session';
import { ProjectChangedDocument } from './documents';

const removed = 'You were removed from this project.';
const deleted = 'This project was deleted.';

/** Null while the viewer may follow the project; the message to show once they may not. */
export function useProjectEnd(projectId: string): string | null {
  const client = useApolloClient();
  const viewerId = useSession()?.userId;
  const [end, setEnd] = useState<string | null>(null);
  const live = useSubscription(ProjectChangedDocument, {
    variables: { projectId },
    ignoreResults: true,
    onData: ({ data: { data } }) => {
      const event = data?.projectChanged;
      if (event?.kind === 'MEMBER_REMOVED' && event.user?.id === viewerId) setEnd(removed);
      if (event?.kind === 'DELETED') setEnd(deleted);
    },
    onError: (error) => {
      if (resumeAfterError(client, error, () => live.restart())) return;
      const { code, message } = errorInfo(error);
      setEnd((current) => current ?? (code === 'FORBIDDEN' ? removed : code === 'NOT_FOUND' ? deleted : message));
    },
  });
  return end;
}
