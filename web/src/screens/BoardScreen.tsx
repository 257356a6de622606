import { useQuery } from '@apollo/client/react';
import { Column } from '../board/Column';
import { useTaskChanges } from '../board/live';
import { statuses } from '../board/statuses';
import { TaskDrawer } from '../board/TaskDrawer';
import { ErrorMessage } from '../components/ErrorMessage';
import { Link } from '../components/Link';
import { graphql } from '../gql';
import { paths } from '../router';

export const ProjectHeaderDocument = graphql(`
  query ProjectHeader($id: ID!) {
    project(id: $id) {
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
    }
  }
`);

export function BoardScreen({ projectId, taskId }: { projectId: string; taskId: string | null }) {
  const { data, error } = useQuery(ProjectHeaderDocument, { variables: { id: projectId } });
  useTaskChanges(projectId);
  const project = data?.project;
  const canEdit = !!project && project.viewerRole !== 'VIEWER' && !project.archivedAt;
  return (
    <main className="board-page">
      <div className="board-header">
        <h1>{project?.name ?? 'Project'}</h1>
        <nav aria-label="Project">
          <Link href={paths.projects()}>All projects</Link> <Link href={paths.members(projectId)}>Members</Link>
        </nav>
      </div>
      <ErrorMessage error={error} />
      {project ? (
        <div className="board">
          {statuses.map((status) => (
            <Column key={status} projectId={projectId} status={status} canEdit={canEdit} />
          ))}
        </div>
      ) : null}
      {project && taskId ? <TaskDrawer projectId={projectId} taskId={taskId} members={project.members} canEdit={canEdit} /> : null}
    </main>
  );
}
