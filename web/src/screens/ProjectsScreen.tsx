import { useMutation, useQuery } from '@apollo/client/react';
import { type FormEvent, useState } from 'react';
import { errorInfo } from '../apollo/errors';
import { ErrorMessage } from '../components/ErrorMessage';
import { Field } from '../components/Field';
import { Link } from '../components/Link';
import { graphql } from '../gql';
import { paths } from '../router';

const ProjectsDocument = graphql(`
  query Projects($after: String) {
    projects(first: 50, after: $after) {
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

export function ProjectsScreen() {
  const { data, error, loading, fetchMore } = useQuery(ProjectsDocument);
  const [create, creating] = useMutation(CreateProjectDocument, { refetchQueries: [ProjectsDocument] });
  // Archived projects leave the list (it asks for open ones only).
  const [archive, archiving] = useMutation(ArchiveProjectDocument, { refetchQueries: [ProjectsDocument] });
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
      <ErrorMessage error={error ?? archiving.error} />
      {loading && !data ? <p>Loading…</p> : null}
      {data && !projects.length ? <p>No projects yet: create the first one above.</p> : null}
      <ul className="project-list">
        {projects.map((project) => (
          <li key={project.id} className="project-item">
            <Link href={paths.board(project.id)}>{project.name}</Link>
            {project.description ? <span className="muted"> {project.description}</span> : null}
            <span className="badge">{project.viewerRole.toLowerCase()}</span>
            {project.viewerRole === 'OWNER' || project.viewerRole === 'ADMIN' ? (
              <button
                type="button"
                className="secondary"
                aria-label={`Archive ${project.name}`}
                onClick={() => void archive({ variables: { id: project.id } }).catch(() => undefined)}
              >
                Archive
              </button>
            ) : null}
          </li>
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
