import { useApolloClient, useMutation, useQuery } from '@apollo/client/react';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { errorInfo } from '../apollo/errors';
import { ErrorMessage } from '../components/ErrorMessage';
import { Field } from '../components/Field';
import { chosen } from '../components/options';
import { graphql } from '../gql';
import type { ProjectRole, TaskPriority, TaskStatus } from '../gql/graphql';
import { navigate, paths } from '../router';
import { ChangeTaskStatusDocument } from './Column';
import { placeTask, removeTask } from './cache';
import { TaskCommentsDocument } from './documents';
import { statuses, statusLabels } from './statuses';

const TaskDetailsDocument = graphql(`
  query TaskDetails($id: ID!) {
    task(id: $id) {
      ...TaskCard
      description
      createdAt
      reporter {
        id
        displayName
      }
    }
  }
`);

const UpdateTaskDocument = graphql(`
  mutation UpdateTask($id: ID!, $input: UpdateTaskInput!) {
    updateTask(id: $id, input: $input) {
      ...TaskCard
      description
    }
  }
`);

const AssignTaskDocument = graphql(`
  mutation AssignTask($id: ID!, $assigneeId: ID) {
    assignTask(id: $id, assigneeId: $assigneeId) {
      ...TaskCard
    }
  }
`);

const DeleteTaskDocument = graphql(`
  mutation DeleteTask($id: ID!) {
    deleteTask(id: $id)
  }
`);

const AddCommentDocument = graphql(`
  mutation AddComment($taskId: ID!, $body: String!) {
    addComment(taskId: $taskId, body: $body) {
      id
    }
  }
`);

const priorities: readonly TaskPriority[] = ['LOW', 'MEDIUM', 'HIGH', 'URGENT'];

interface Member {
  role: ProjectRole;
  user: { id: string; displayName: string };
}

/** `dueAt` as the date input shows it (the user's own calendar day), and back to an instant at that day's end. */
const toDateInput = (dueAt: string | null | undefined) => (dueAt ? new Date(dueAt).toLocaleDateString('sv') : '');
const fromDateInput = (day: string) => (day ? new Date(`${day}T23:59:59`).toISOString() : null);

export function TaskDrawer({
  projectId,
  taskId,
  members,
  canEdit,
}: {
  projectId: string;
  taskId: string;
  members: Member[];
  canEdit: boolean;
}) {
  const client = useApolloClient();
  const { data, error } = useQuery(TaskDetailsDocument, { variables: { id: taskId } });
  const comments = useQuery(TaskCommentsDocument, { variables: { taskId } });
  const [updateTask, updating] = useMutation(UpdateTaskDocument);
  const [assignTask, assigning] = useMutation(AssignTaskDocument);
  const [changeStatus, changing] = useMutation(ChangeTaskStatusDocument);
  const [deleteTask, deleting] = useMutation(DeleteTaskDocument);
  const [addComment, commenting] = useMutation(AddCommentDocument, {
    refetchQueries: [{ query: TaskCommentsDocument, variables: { taskId } }],
  });
  const task = data?.task;
  const [draft, setDraft] = useState<{ title: string; description: string; priority: TaskPriority; due: string }>({
    title: '',
    description: '',
    priority: 'MEDIUM',
    due: '',
  });
  const [comment, setComment] = useState('');
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    if (task) setDraft({ title: task.title, description: task.description ?? '', priority: task.priority, due: toDateInput(task.dueAt) });
  }, [task]);
  useEffect(() => heading.current?.focus(), []);

  const close = () => navigate(paths.board(projectId));
  const fields = updating.error ? errorInfo(updating.error).fields : {};

  const save = (event: FormEvent) => {
    event.preventDefault();
    const input = { title: draft.title, description: draft.description || null, priority: draft.priority, dueAt: fromDateInput(draft.due) };
    void updateTask({ variables: { id: taskId, input } }).catch(() => undefined);
  };
  const setStatus = async (status: TaskStatus) => {
    const moved = await changeStatus({ variables: { id: taskId, status } }).catch(() => undefined);
    if (moved?.data) placeTask(client.cache, projectId, moved.data.changeTaskStatus);
  };
  const remove = async () => {
    const deleted = await deleteTask({ variables: { id: taskId } }).catch(() => undefined);
    if (!deleted?.data) return;
    close();
    removeTask(client.cache, projectId, taskId);
  };
  const submitComment = async (event: FormEvent) => {
    event.preventDefault();
    const added = await addComment({ variables: { taskId, body: comment } }).catch(() => undefined);
    if (added?.data) setComment('');
  };

  return (
    <div className="drawer-backdrop">
      <aside
        className="drawer"
        role="dialog"
        aria-modal="true"
        aria-labelledby="drawer-title"
        onKeyDown={(event) => event.key === 'Escape' && close()}
      >
        <div className="drawer-header">
          <h2 id="drawer-title" tabIndex={-1} ref={heading}>
            {task?.title ?? 'Task'}
          </h2>
          <button type="button" className="secondary" onClick={close} aria-label="Close task">
            ✕
          </button>
        </div>
        <ErrorMessage error={error} />
        {task ? (
          <>
            <p className="muted">
              Reported by {task.reporter.displayName} on {new Date(task.createdAt).toLocaleDateString()}
            </p>
            <form onSubmit={save} aria-label="Task details">
              <fieldset disabled={!canEdit}>
                <Field
                  label="Title"
                  value={draft.title}
                  onChange={(event) => setDraft({ ...draft, title: event.target.value })}
                  error={fields.title}
                />
                <div className="field">
                  <label htmlFor="task-description">Description</label>
                  <textarea
                    id="task-description"
                    rows={3}
                    value={draft.description}
                    onChange={(event) => setDraft({ ...draft, description: event.target.value })}
                  />
                  {fields.description ? <p className="field-error">{fields.description}</p> : null}
                </div>
                <div className="field-row">
                  <div className="field">
                    <label htmlFor="task-priority">Priority</label>
                    <select
                      id="task-priority"
                      value={draft.priority}
                      onChange={(event) => setDraft({ ...draft, priority: chosen(priorities, event.target.value) })}
                    >
                      {priorities.map((priority) => (
                        <option key={priority} value={priority}>
                          {priority.toLowerCase()}
                        </option>
                      ))}
                    </select>
                  </div>
                  <Field
                    label="Due date"
                    type="date"
                    value={draft.due}
                    onChange={(event) => setDraft({ ...draft, due: event.target.value })}
                    error={fields.dueAt}
                  />
                </div>
                <button type="submit" disabled={updating.loading}>
                  Save
                </button>
                <ErrorMessage error={updating.error} fieldsShown />
              </fieldset>
            </form>
            <div className="field-row">
              <div className="field">
                <label htmlFor="task-status">Status</label>
                <select
                  id="task-status"
                  value={task.status}
                  disabled={!canEdit || changing.loading}
                  onChange={(event) => void setStatus(chosen(statuses, event.target.value))}
                >
                  {statuses.map((status) => (
                    <option key={status} value={status}>
                      {statusLabels[status]}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field">
                <label htmlFor="task-assignee">Assignee</label>
                <select
                  id="task-assignee"
                  value={task.assignee?.id ?? ''}
                  disabled={!canEdit || assigning.loading}
                  onChange={(event) =>
                    void assignTask({ variables: { id: taskId, assigneeId: event.target.value || null } }).catch(() => undefined)
                  }
                >
                  <option value="">Nobody</option>
                  {members
                    .filter((member) => member.role !== 'VIEWER')
                    .map((member) => (
                      <option key={member.user.id} value={member.user.id}>
                        {member.user.displayName}
                      </option>
                    ))}
                </select>
              </div>
            </div>
            <ErrorMessage error={changing.error ?? assigning.error ?? deleting.error} />
            <section aria-labelledby="comments-title" className="comments">
              <h3 id="comments-title">Comments</h3>
              <ErrorMessage error={comments.error} />
              <ul>
                {comments.data?.task?.comments.edges.map(({ node }) => (
                  <li key={node.id} className="comment">
                    <p className="comment-meta">
                      <strong>{node.author.displayName}</strong>{' '}
                      <time dateTime={node.createdAt}>{new Date(node.createdAt).toLocaleString()}</time>
                    </p>
                    <p className="comment-body">{node.body}</p>
                  </li>
                ))}
              </ul>
              {canEdit ? (
                <form onSubmit={submitComment} aria-label="New comment">
                  <div className="field">
                    <label htmlFor="comment-body">Add a comment</label>
                    <textarea id="comment-body" rows={2} value={comment} onChange={(event) => setComment(event.target.value)} />
                  </div>
                  <button type="submit" disabled={commenting.loading || !comment.trim()}>
                    Comment
                  </button>
                  <ErrorMessage error={commenting.error} />
                </form>
              ) : null}
            </section>
            {canEdit ? (
              <button type="button" className="danger" onClick={() => void remove()} disabled={deleting.loading}>
                Delete task
              </button>
            ) : null}
          </>
        ) : null}
      </aside>
    </div>
  );
}
