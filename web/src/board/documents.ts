/** The board's documents, shared by its columns, the drawer and the live updates so that they fill the same cache entries. */
import { graphql } from '../gql';

export const TaskCardFragment = graphql(`
  fragment TaskCard on Task {
    id
    title
    description
    status
    position
    priority
    dueAt
    assignee {
      id
      displayName
    }
    labels {
      id
      name
      color
    }
  }
`);

export const CommentItemFragment = graphql(`
  fragment CommentItem on Comment {
    id
    body
    createdAt
    editedAt
    author {
      id
      displayName
    }
  }
`);

/** A column: the tasks of one status (and the board's filters), in the board's own order. */
export const BoardColumnDocument = graphql(`
  query BoardColumn($projectId: ID!, $filter: TaskFilter!, $after: String) {
    project(id: $projectId) {
      id
      tasks(filter: $filter, orderBy: { field: POSITION, direction: ASC }, first: 20, after: $after) {
        totalCount
        edges {
          cursor
          node {
            ...TaskCard
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

export const MoveTaskDocument = graphql(`
  mutation MoveTask($id: ID!, $status: TaskStatus, $afterTaskId: ID, $beforeTaskId: ID) {
    moveTask(id: $id, status: $status, afterTaskId: $afterTaskId, beforeTaskId: $beforeTaskId) {
      ...TaskCard
    }
  }
`);

/** `$after` is filled in on each resubscription with the last cursor received (apollo/resume.ts). */
export const TaskChangedDocument = graphql(`
  subscription TaskChanged($projectId: ID!, $after: String) {
    taskChanged(projectId: $projectId, after: $after) {
      id
      kind
      taskId
      task {
        ...TaskCard
      }
      comment {
        ...CommentItem
      }
    }
  }
`);

/** Newest first. */
export const TaskCommentsDocument = graphql(`
  query TaskComments($taskId: ID!, $after: String) {
    task(id: $taskId) {
      id
      comments(direction: DESC, first: 50, after: $after) {
        totalCount
        edges {
          cursor
          node {
            ...CommentItem
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
