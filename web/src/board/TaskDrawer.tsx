import { useApolloClient, useMutation, useQuery } from '@apollo/client/react';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { errorInfo } from '../apollo/errors';
import { ErrorMessage } from '../components/ErrorMessage';
import { Field } from '../components/Field';
import { chosen } from '../components/options';
import { graphql } from '../gql';
import type { ProjectDetailsFragment, TaskCardFragment, TaskPriority, TaskStatus } from '../gql/graphql';
import { navigate, paths } from '../router';
import { placeTask, removeTask } from './cache';
import type { BoardFilters } from './filters';
import { priorities, statuses, statusLabels } from './statuses';
import { TaskComments } from './TaskComments';
import { TaskLabels } from './TaskLabels';

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

/** The status menu puts the task last in its new column, as the server does. */
const ChangeTaskStatusDocument = graphql(`
  mutation ChangeTaskStatus($id: ID!, $status: TaskStatus!) {
    changeTaskStatus(id: $id, status: $status) {
      ...TaskCard
      completedAt
    }
  }
`);

const DeleteTaskDocument = graphql(`
  mutation DeleteTask($id: ID!) {
    deleteTask(id: $id)
  }
`);

/** `dueAt` as the date input shows it (the user's own calendar day), and back to an instant at that day's end. */
const toDateInput = (dueAt: string | null | undefined) => (dueAt ? new Date(dueAt).toLocaleDateString('sv') : '');
const fromDateInput = (day: string) => (day ? new Date(`${day}T23:59:59`).toISOString() : null);

export function TaskDrawer({
  project,
  taskId,
  filters,
  canEdit,
}: {
  project: ProjectDetailsFragment;
  taskId: string;
  filters: BoardFilters;
  canEdit: boolean;
}) {
  const client = useApolloClient();
  const projectId = project.id;
  const { data, error } = useQuery(TaskDetailsDocument, { variables: { id: taskId } });
  const [updateTask, updating] = useMutation(UpdateTaskDocument);
  const [assignTask, assigning] = useMutation(AssignTaskDocument);
  const [changeStatus, changing] = useMutation(ChangeTaskStatusDocument);
  const [deleteTask, deleting] = useMutation(DeleteTaskDocument);
  const task = data?.task;
  // A changed task may leave or join a column as the board is filtered.
  const place = (changed: TaskCardFragment | undefined) => changed && placeTask(client.cache, projectId, changed, filters);
  const [draft, setDraft] = useState<{ title: string; description: string; priority: TaskPriority; due: string }>({
    title: '',
    description: '',
    priority: 'MEDIUM',
    due: '',
  });
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
    void updateTask({ variables: { id: taskId, input } }).then(
      ({ data }) => place(data?.updateTask),
      () => undefined,
    );
  };
  const setStatus = async (status: TaskStatus) => {
    const moved = await changeStatus({ variables: { id: taskId, status } }).catch(() => undefined);
    place(moved?.data?.changeTaskStatus);
  };
  const assign = async (assigneeId: string | null) => {
    const assigned = await assignTask({ variables: { id: taskId, assigneeId } }).catch(() => undefined);
    place(assigned?.data?.assignTask);
  };
  const remove = async () => {
    const deleted = await deleteTask({ variables: { id: taskId } }).catch(() => undefined);
    if (!deleted?.data) return;
    close();
    removeTask(client.cache, projectId, taskId, filters);
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
                  onChange={(event) => void assign(event.target.value || null)}
                >
                  <option value="">Nobody</option>
                  {project.members
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
            <TaskLabels project={project} task={task} canEdit={canEdit} onChange={place} />
            <TaskComments
              taskId={taskId}
              canEdit={canEdit}
              canModerate={project.viewerRole === 'OWNER' || project.viewerRole === 'ADMIN'}
            />
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
