import { useMutation, useQuery } from '@apollo/client/react';
import { type FormEvent, useState } from 'react';
import { errorInfo } from '../apollo/errors';
import { ErrorMessage } from '../components/ErrorMessage';
import { Field } from '../components/Field';
import { Link } from '../components/Link';
import { graphql } from '../gql';
import type { ProjectsQuery } from '../gql/graphql';
import { paths } from '../router';

const ProjectsDocument = graphql(`
  query Projects($after: String) {
    projects(first: 50, after: $after, includeArchived: true) {
      edges {
        node {
          id
          name
          description
          viewerRole
          archivedAt
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

const CreateProjectDocument = graphql(`
  mutation CreateProject($input: CreateProjectInput!) {
    createProject(input: $input) {
      id
      name
    }
  }
`);

const ArchiveProjectDocument = graphql(`
  mutation ArchiveProject($id: ID!) {
    archiveProject(id: $id) {
      id
      archivedAt
    }
  }
`);

const UnarchiveProjectDocument = graphql(`
  mutation UnarchiveProject($id: ID!) {
    unarchiveProject(id: $id) {
      id
      archivedAt
    }
  }
`);

const DeleteProjectDocument = graphql(`
  mutation DeleteProject($id: ID!) {
    deleteProject(id: $id)
  }
`);

type ProjectItem = ProjectsQuery['projects']['edges'][number]['node'];

export function ProjectsScreen() {
  // Loaded afresh each time it is shown: projects joined, left or deleted meanwhile (no live feed lists them).
  const { data, error, loading, fetchMore } = useQuery(ProjectsDocument, {
    fetchPolicy: 'cache-and-network',
    nextFetchPolicy: 'cache-first',
  });
  const [create, creating] = useMutation(CreateProjectDocument, { refetchQueries: [ProjectsDocument] });
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const fields = creating.error ? errorInfo(creating.error).fields : {};

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const created = await create({ variables: { input: { name, description: description || null } } }).catch(() => undefined);
    if (created?.data) {
      setName('');
      setDescription('');
    }
  };

  const projects = data?.projects.edges.map((edge) => edge.node) ?? [];
  return (
    <main className="page">
      <h1>Projects</h1>
      <form className="inline-form" onSubmit={submit} aria-label="New project">
        <Field label="Project name" value={name} onChange={(event) => setName(event.target.value)} error={fields.name} required />
        <Field
          label="Description"
          value={description}
          onChange={(event) => setDescription(event.target.value)}
          error={fields.description}
        />
        <button type="submit" disabled={creating.loading}>
          Create project
        </button>
      </form>
      <ErrorMessage error={creating.error} fieldsShown />
      <ErrorMessage error={error} />
      {loading && !data ? <p>Loading…</p> : null}
      {data && !projects.length ? <p>No projects yet: create the first one above.</p> : null}
      <ul className="project-list">
        {projects.map((project) => (
          <ProjectRow key={project.id} project={project} />
        ))}
      </ul>
      {data?.projects.pageInfo.hasNextPage ? (
        <button type="button" onClick={() => void fetchMore({ variables: { after: data.projects.pageInfo.endCursor } })}>
          More projects
        </button>
      ) : null}
    </main>
  );
}

function ProjectRow({ project }: { project: ProjectItem }) {
  // The archived date comes back with the project and the cache takes it as it is.
  const [archive, archiving] = useMutation(ArchiveProjectDocument);
  const [unarchive, unarchiving] = useMutation(UnarchiveProjectDocument);
  const [remove, removing] = useMutation(DeleteProjectDocument, { refetchQueries: [ProjectsDocument] });
  const [confirming, setConfirming] = useState(false);
  const manager = project.viewerRole === 'OWNER' || project.viewerRole === 'ADMIN';

  const erase = () => void remove({ variables: { id: project.id } }).catch(() => undefined);

  return (
    <li className="project-item">
      <Link href={paths.board(project.id)}>{project.name}</Link>
      {project.description ? <span className="muted"> {project.description}</span> : null}
      <span className="badge">{project.viewerRole.toLowerCase()}</span>
      {project.archivedAt ? <span className="badge">archived</span> : null}
      <span className="project-actions">
        {manager && !project.archivedAt ? (
          <button
            type="button"
            className="secondary"
            aria-label={`Archive ${project.name}`}
            disabled={archiving.loading}
            onClick={() => void archive({ variables: { id: project.id } }).catch(() => undefined)}
          >
            Archive
          </button>
        ) : null}
        {manager && project.archivedAt ? (
          <button
            type="button"
            className="secondary"
            aria-label={`Unarchive ${project.name}`}
            disabled={unarchiving.loading}
            onClick={() => void unarchive({ variables: { id: project.id } }).catch(() => undefined)}
          >
            Unarchive
          </button>
        ) : null}
        {project.viewerRole === 'OWNER' && !confirming ? (
          <button type="button" className="danger" aria-label={`Delete ${project.name}`} onClick={() => setConfirming(true)}>
            Delete
          </button>
        ) : null}
      </span>
      {confirming ? (
        <fieldset className="confirm">
          <legend>Delete “{project.name}” with its tasks, comments, labels and activity? This cannot be undone.</legend>
          <button type="button" className="danger" disabled={removing.loading} onClick={erase}>
            Delete for good
          </button>
          <button type="button" className="secondary" onClick={() => setConfirming(false)}>
            Keep it
          </button>
        </fieldset>
      ) : null}
      <ErrorMessage error={archiving.error ?? unarchiving.error ?? removing.error} />
    </li>
  );
}
