/** The project's activity feed: what happened to its tasks, newest first, a page at a time. */
import { useQuery } from '@apollo/client/react';
import { ErrorMessage } from '../components/ErrorMessage';
import { Link } from '../components/Link';
import { graphql } from '../gql';
import type { TaskEventKind } from '../gql/graphql';
import { paths } from '../router';

const ProjectActivityDocument = graphql(`
  query ProjectActivity($projectId: ID!, $after: String) {
    project(id: $projectId) {
      id
      activity(first: 30, after: $after) {
        totalCount
        edges {
          cursor
          node {
            id
            kind
            taskId
            occurredAt
            task {
              id
              title
            }
            actor {
              id
              displayName
            }
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  }
`);

const verbs: Record<TaskEventKind, string> = {
  CREATED: 'created',
  UPDATED: 'edited',
  ASSIGNED: 'assigned',
  STATUS_CHANGED: 'changed the status of',
  COMPLETED: 'completed',
  COMMENTED: 'commented on',
  DELETED: 'deleted',
  MOVED: 'moved',
  COMMENT_UPDATED: 'edited a comment on',
  COMMENT_DELETED: 'deleted a comment on',
};

export function ActivityScreen({ projectId }: { projectId: string }) {
  // What happened since it was last shown is loaded each time (the feed is not kept live on other screens).
  const { data, error, loading, fetchMore } = useQuery(ProjectActivityDocument, {
    variables: { projectId },
    fetchPolicy: 'cache-and-network',
    nextFetchPolicy: 'cache-first',
  });
  const activity = data?.project?.activity;
  return (
    <>
      <h2>Activity</h2>
      <ErrorMessage error={error} />
      {loading && !data ? <p className="muted">Loading…</p> : null}
      {activity && !activity.edges.length ? <p className="muted">Nothing has happened here yet.</p> : null}
      <ol className="activity-list" aria-label="Activity, newest first">
        {activity?.edges.map(({ node }) => (
          <li key={node.id} className="activity-item">
            <span>
              <strong>{node.actor?.displayName ?? 'Someone'}</strong> {verbs[node.kind]}{' '}
              {node.task ? <Link href={paths.board(projectId, node.task.id)}>{node.task.title}</Link> : <span>a task</span>}
            </span>
            <time dateTime={node.occurredAt}>{new Date(node.occurredAt).toLocaleString()}</time>
          </li>
        ))}
      </ol>
      {activity?.pageInfo.hasNextPage ? (
        <button type="button" className="secondary" onClick={() => void fetchMore({ variables: { after: activity.pageInfo.endCursor } })}>
          Older activity
        </button>
      ) : null}
    </>
  );
}
