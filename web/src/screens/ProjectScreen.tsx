/**
 * The frame of a project's screens (board, members, activity): its name, their navigation, and the end of them when
 * the viewer is removed from the project or it is deleted, live.
 */
import { useQuery } from '@apollo/client/react';
import type { ReactNode } from 'react';
import { ErrorMessage } from '../components/ErrorMessage';
import { Link } from '../components/Link';
import type { ProjectDetailsFragment } from '../gql/graphql';
import { ProjectHeaderDocument } from '../project/documents';
import { useProjectEnd } from '../project/live';
import { paths } from '../router';

export type ProjectPage = 'board' | 'members' | 'activity';

const pages: { page: ProjectPage; label: string; href: (projectId: string) => string }[] = [
  { page: 'board', label: 'Board', href: (projectId) => paths.board(projectId) },
  { page: 'members', label: 'Members', href: paths.members },
  { page: 'activity', label: 'Activity', href: paths.activity },
];

export function ProjectScreen({
  projectId,
  page,
  children,
}: {
  projectId: string;
  page: ProjectPage;
  children: (project: ProjectDetailsFragment) => ReactNode;
}) {
  const { data, error } = useQuery(ProjectHeaderDocument, { variables: { id: projectId } });
  const end = useProjectEnd(projectId);
  const project = data?.project;
  if (end) {
    return (
      <main className="page">
        <h1>{project?.name ?? 'Project'}</h1>
        <p className="notice" role="alert">
          {end}
        </p>
        <Link href={paths.projects()}>Back to your projects</Link>
      </main>
    );
  }
  return (
    <main className={page === 'board' ? 'board-page' : 'page'}>
      <div className="project-header">
        <h1>
          {project?.name ?? 'Project'}
          {project?.archivedAt ? <span className="badge">archived</span> : null}
        </h1>
        <nav aria-label="Project">
          <Link href={paths.projects()}>All projects</Link>
          {pages.map((item) => (
            <Link key={item.page} href={item.href(projectId)} aria-current={item.page === page ? 'page' : undefined}>
              {item.label}
            </Link>
          ))}
        </nav>
      </div>
      <ErrorMessage error={error} />
      {project ? children(project) : null}
    </main>
  );
}
