/** The open project's documents: its header (name, the viewer's role, members, labels) and its live changes. */
import { graphql } from '../gql';

export const ProjectDetailsFragment = graphql(`
  fragment ProjectDetails on Project {
    id
    name
    description
    viewerRole
    archivedAt
    members {
      role
      user {
        id
        displayName
      }
    }
    labels {
      id
      name
      color
    }
  }
`);

export const ProjectHeaderDocument = graphql(`
  query ProjectHeader($id: ID!) {
    project(id: $id) {
      ...ProjectDetails
    }
  }
`);

/** The event's project carries the header's fields, so Apollo's cache takes a rename, an archiving or a new member as it is. */
export const ProjectChangedDocument = graphql(`
  subscription ProjectChanged($projectId: ID!, $after: String) {
    projectChanged(projectId: $projectId, after: $after) {
      id
      kind
      projectId
      project {
        ...ProjectDetails
      }
      user {
        id
      }
    }
  }
`);
