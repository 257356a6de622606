/** The board's documents, shared by its columns, the drawer and the live updates so that they fill the same cache entries. */
import { graphql } from '../gql';

export const TaskCardFragment = graphql(`
  fragment TaskCard on Task {
    id
    title
    status
    priority
    dueAt
    assignee {
      id
      displayName
    }
  }
`);

export const BoardColumnDocument = graphql(`
  query BoardColumn($projectId: ID!, $status: TaskStatus!, $after: String) {
    project(id: $projectId) {
      id
      tasks(filter: { status: [$status] }, first: 20, after: $after) {
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

export const TaskChangedDocument = graphql(`
  subscription TaskChanged($projectId: ID!) {
    taskChanged(projectId: $projectId) {
      kind
      taskId
      task {
        ...TaskCard
      }
    }
  }
`);

export const TaskCommentsDocument = graphql(`
  query TaskComments($taskId: ID!, $after: String) {
    task(id: $taskId) {
      id
      comments(first: 50, after: $after) {
        totalCount
        edges {
          cursor
          node {
            id
            body
            createdAt
            author {
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
