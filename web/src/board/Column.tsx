import { useApolloClient, useMutation, useQuery } from '@apollo/client/react';
import { type DragEvent, type FormEvent, useState } from 'react';
import { errorInfo } from '../apollo/errors';
import { ErrorMessage } from '../components/ErrorMessage';
import { Field } from '../components/Field';
import { graphql } from '../gql';
import type { TaskStatus } from '../gql/graphql';
import { Card } from './Card';
import { placeTask } from './cache';
import { BoardColumnDocument, TaskCardFragment } from './documents';
import { carriesCard, draggedTaskId, dropIndex } from './drag';
import { type BoardFilters, columnVariables } from './filters';
import type { Moves } from './moves';
import { statusLabels } from './statuses';

const CreateTaskDocument = graphql(`
  mutation CreateTask($input: CreateTaskInput!) {
    createTask(input: $input) {
      ...TaskCard
    }
  }
`);

export function Column({
  projectId,
  status,
  filters,
  canEdit,
  moves,
}: {
  projectId: string;
  status: TaskStatus;
  filters: BoardFilters;
  canEdit: boolean;
  moves: Moves;
}) {
  const client = useApolloClient();
  // Another filter's lists may have missed live changes while they were not shown: each is loaded afresh when shown.
  const { data, error, loading, fetchMore } = useQuery(BoardColumnDocument, {
    variables: columnVariables(projectId, status, filters),
    fetchPolicy: 'cache-and-network',
    nextFetchPolicy: 'cache-first',
  });
  const [createTask, creating] = useMutation(CreateTaskDocument);
  const [title, setTitle] = useState('');
  const [dropping, setDropping] = useState(false);
  const tasks = data?.project?.tasks;
  const cards = tasks?.edges.map((edge) => edge.node) ?? [];
  const headingId = `column-${status}`;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const created = await createTask({ variables: { input: { projectId, title, status } } }).catch(() => undefined);
    const task = created?.data?.createTask;
    if (!task) return;
    setTitle('');
    placeTask(client.cache, projectId, task, filters);
  };

  const dragOver = (event: DragEvent) => {
    if (!canEdit || !carriesCard(event)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'move';
    setDropping(true);
  };
  const drop = (event: DragEvent<HTMLUListElement>) => {
    setDropping(false);
    const id = draggedTaskId(event);
    const task = client.cache.readFragment({
      id: client.cache.identify({ __typename: 'Task', id }),
      fragment: TaskCardFragment,
      fragmentName: 'TaskCard',
    });
    if (!canEdit || !task) return;
    event.preventDefault();
    const others = cards.filter((card) => card.id !== id);
    const index = dropIndex(event.currentTarget, event.clientY, id);
    const after = others[index - 1];
    const before = others[index];
    const current = cards.findIndex((card) => card.id === id);
    // Dropped where it already is: nothing to move.
    if (task.status === status && current === index) return;
    moves.move(task, status, { after, before });
  };

  return (
    <section className="column" aria-labelledby={headingId}>
      <h2 id={headingId}>
        {statusLabels[status]} <span className="count">{tasks?.totalCount ?? ''}</span>
      </h2>
      <ErrorMessage error={error} />
      {loading && !data ? <p className="muted">Loading…</p> : null}
      <ul
        className={dropping ? 'cards dropping' : 'cards'}
        aria-label={`Cards in ${statusLabels[status]}`}
        onDragOver={dragOver}
        onDragLeave={() => setDropping(false)}
        onDrop={drop}
      >
        {cards.map((task, index) => (
          <Card key={task.id} projectId={projectId} column={cards} index={index} canEdit={canEdit} move={moves.move} />
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
          <button type="submit" disabled={creating.loading || !title.trim()}>
            Add
          </button>
          <ErrorMessage error={creating.error} fieldsShown />
        </form>
      ) : null}
    </section>
  );
}
