import { useApolloClient, useMutation, useQuery } from '@apollo/client/react';
import { type FormEvent, useState } from 'react';
import { errorInfo } from '../apollo/errors';
import { ErrorMessage } from '../components/ErrorMessage';
import { Field } from '../components/Field';
import { Link } from '../components/Link';
import { graphql } from '../gql';
import type { TaskStatus } from '../gql/graphql';
import { paths } from '../router';
import { placeTask } from './cache';
import { BoardColumnDocument } from './documents';
import { statusLabels } from './statuses';

const CreateTaskDocument = graphql(`
  mutation CreateTask($input: CreateTaskInput!) {
    createTask(input: $input) {
      ...TaskCard
    }
  }
`);

export const ChangeTaskStatusDocument = graphql(`
  mutation ChangeTaskStatus($id: ID!, $status: TaskStatus!) {
    changeTaskStatus(id: $id, status: $status) {
      ...TaskCard
      completedAt
    }
  }
`);

export function Column({ projectId, status, canEdit }: { projectId: string; status: TaskStatus; canEdit: boolean }) {
  const client = useApolloClient();
  const { data, error, loading, fetchMore } = useQuery(BoardColumnDocument, { variables: { projectId, status } });
  const [createTask, creating] = useMutation(CreateTaskDocument);
  const [changeStatus, changing] = useMutation(ChangeTaskStatusDocument);
  const [title, setTitle] = useState('');
  const tasks = data?.project?.tasks;
  const headingId = `column-${status}`;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const created = await createTask({ variables: { input: { projectId, title } } }).catch(() => undefined);
    let task = created?.data?.createTask;
    if (!task) return;
    setTitle('');
    // A task starts in TODO; one created in another column moves there at once.
    if (status !== task.status)
      task = (await changeStatus({ variables: { id: task.id, status } }).catch(() => undefined))?.data?.changeTaskStatus;
    if (task) placeTask(client.cache, projectId, task);
  };

  return (
    <section className="column" aria-labelledby={headingId}>
      <h2 id={headingId}>
        {statusLabels[status]} <span className="count">{tasks?.totalCount ?? ''}</span>
      </h2>
      <ErrorMessage error={error} />
      {loading && !data ? <p className="muted">Loading…</p> : null}
      <ul className="cards">
        {tasks?.edges.map(({ node: task }) => (
          <li key={task.id} className="card">
            <Link href={paths.board(projectId, task.id)} className="card-title">
              {task.title}
            </Link>
            <div className="card-meta">
              <span className={`priority priority-${task.priority.toLowerCase()}`}>{task.priority.toLowerCase()}</span>
              {task.dueAt ? <span>due {new Date(task.dueAt).toLocaleDateString()}</span> : null}
              {task.assignee ? <span>{task.assignee.displayName}</span> : null}
            </div>
          </li>
        ))}
      </ul>
      {tasks?.pageInfo.hasNextPage ? (
        <button type="button" className="secondary" onClick={() => void fetchMore({ variables: { after: tasks.pageInfo.endCursor } })}>
          More in {statusLabels[status]}
        </button>
      ) : null}
      {canEdit ? (
        <form className="new-task" onSubmit={submit}>
          <Field
            label={`New task in ${statusLabels[status]}`}
            value={title}
            onChange={(event) => setTitle(event.target.value)}
            error={creating.error ? errorInfo(creating.error).fields.title : undefined}
          />
          <button type="submit" disabled={creating.loading || changing.loading || !title.trim()}>
            Add
          </button>
          <ErrorMessage error={creating.error ?? changing.error} fieldsShown />
        </form>
      ) : null}
    </section>
  );
}
