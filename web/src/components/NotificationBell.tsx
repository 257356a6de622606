/**
 * The bell: the unread count, kept live by `notificationAdded`, and the list of recent notifications. Opening one
 * marks it read and goes to its task.
 */
import { useApolloClient, useMutation, useQuery, useSubscription } from '@apollo/client/react';
import { useState } from 'react';
import { resumeAfterError } from '../apollo/live';
import { graphql } from '../gql';
import { navigate, paths } from '../router';
import { ErrorMessage } from './ErrorMessage';

const NotificationsDocument = graphql(`
  query Notifications {
    unreadNotificationCount
    notifications(first: 20) {
      edges {
        cursor
        node {
          ...NotificationItem
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

graphql(`
  fragment NotificationItem on Notification {
    id
    kind
    message
    readAt
    createdAt
    task {
      id
      project {
        id
      }
    }
    project {
      id
    }
  }
`);

const NotificationAddedDocument = graphql(`
  subscription NotificationAdded($after: String) {
    notificationAdded(after: $after) {
      ...NotificationItem
    }
  }
`);

const MarkReadDocument = graphql(`
  mutation MarkNotificationRead($id: ID!) {
    markNotificationRead(id: $id) {
      id
      readAt
    }
  }
`);

const MarkAllReadDocument = graphql(`
  mutation MarkAllNotificationsRead {
    markAllNotificationsRead
  }
`);

export function NotificationBell() {
  const [open, setOpen] = useState(false);
  const { data, error, refetch } = useQuery(NotificationsDocument);
  // A new notification is unread and newest: it goes on top and adds one to the count, with no request.
  const client = useApolloClient();
  const live = useSubscription(NotificationAddedDocument, {
    onError: (error) => resumeAfterError(client, error, () => live.restart()),
    onData: ({ data: { data: added } }) => {
      if (!added) return;
      client.cache.updateQuery({ query: NotificationsDocument }, (current) =>
        current && !current.notifications.edges.some((edge) => edge.node.id === added.notificationAdded.id)
          ? {
              ...current,
              unreadNotificationCount: current.unreadNotificationCount + 1,
              notifications: {
                ...current.notifications,
                edges: [
                  { __typename: 'NotificationEdge' as const, cursor: '', node: added.notificationAdded },
                  ...current.notifications.edges,
                ],
              },
            }
          : undefined,
      );
    },
  });
  const refresh = { refetchQueries: [NotificationsDocument] };
  const [markRead] = useMutation(MarkReadDocument, refresh);
  const [markAllRead, markingAll] = useMutation(MarkAllReadDocument, refresh);
  const unread = data?.unreadNotificationCount ?? 0;

  const openNotification = (id: string, projectId: string | undefined, taskId: string | undefined) => {
    void markRead({ variables: { id } }).catch(() => undefined);
    setOpen(false);
    if (projectId) navigate(paths.board(projectId, taskId));
  };

  return (
    <div className="bell">
      <button
        type="button"
        className="bell-button"
        aria-expanded={open}
        aria-controls="notification-panel"
        onClick={() => {
          setOpen(!open);
          if (!open) void refetch();
        }}
      >
        <svg aria-hidden="true" width="16" height="16" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2">
          <path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
          <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
        </svg>
        <span className="visually-hidden">Notifications, </span>
        <span className="bell-count" data-testid="unread-count">
          {unread}
        </span>
        <span className="visually-hidden"> unread</span>
      </button>
      {open ? (
        <section id="notification-panel" className="bell-panel" aria-label="Notifications">
          <div className="bell-panel-header">
            <h2>Notifications</h2>
            <button
              type="button"
              className="secondary"
              disabled={!unread || markingAll.loading}
              onClick={() => void markAllRead().catch(() => undefined)}
            >
              Mark all read
            </button>
          </div>
          <ErrorMessage error={error} />
          {data && !data.notifications.edges.length ? <p className="muted">Nothing yet.</p> : null}
          <ul>
            {data?.notifications.edges.map(({ node }) => {
              const projectId = node.task?.project.id ?? node.project?.id;
              return (
                <li key={node.id} className={node.readAt ? 'notification' : 'notification unread'}>
                  <button type="button" className="link" onClick={() => openNotification(node.id, projectId, node.task?.id)}>
                    {node.message}
                  </button>
                  <time dateTime={node.createdAt}>{new Date(node.createdAt).toLocaleString()}</time>
                </li>
              );
            })}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
