/**
 * A task's labels in the drawer: the project's labels as checkboxes (`setTaskLabels` replaces the task's set), and a
 * form to create one. A name the project already has is CONFLICT, shown beside the name input.
 */
import { useMutation } from '@apollo/client/react';
import { type FormEvent, useState } from 'react';
import { errorInfo } from '../apollo/errors';
import { ErrorMessage } from '../components/ErrorMessage';
import { Field } from '../components/Field';
import { graphql } from '../gql';
import type { ProjectDetailsFragment, TaskCardFragment } from '../gql/graphql';

const SetTaskLabelsDocument = graphql(`
  mutation SetTaskLabels($id: ID!, $labelIds: [ID!]!) {
    setTaskLabels(id: $id, labelIds: $labelIds) {
      ...TaskCard
    }
  }
`);

const CreateLabelDocument = graphql(`
  mutation CreateLabel($projectId: ID!, $name: String!, $color: String!) {
    createLabel(projectId: $projectId, name: $name, color: $color) {
      id
      name
      color
    }
  }
`);

const ProjectLabelsDocument = graphql(`
  query ProjectLabels($id: ID!) {
    project(id: $id) {
      id
      labels {
        id
        name
        color
      }
    }
  }
`);

export function TaskLabels({
  project,
  task,
  canEdit,
  onChange,
}: {
  project: ProjectDetailsFragment;
  task: TaskCardFragment;
  canEdit: boolean;
  /** The task as it is after its labels changed, for the board's columns (a label filter may now leave it out). */
  onChange: (task: TaskCardFragment) => void;
}) {
  const [setLabels, setting] = useMutation(SetTaskLabelsDocument);
  const [createLabel, creating] = useMutation(CreateLabelDocument, {
    refetchQueries: [{ query: ProjectLabelsDocument, variables: { id: project.id } }],
  });
  const [name, setName] = useState('');
  const [color, setColor] = useState('#2450c8');
  const attached = new Set(task.labels.map((label) => label.id));
  const createError = creating.error ? errorInfo(creating.error) : null;
  const nameError = createError?.fields.name ?? (createError?.code === 'CONFLICT' ? createError.message : undefined);

  const toggle = async (labelId: string, on: boolean) => {
    const labelIds = on ? [...attached, labelId] : [...attached].filter((id) => id !== labelId);
    const changed = await setLabels({ variables: { id: task.id, labelIds } }).catch(() => undefined);
    if (changed?.data) onChange(changed.data.setTaskLabels);
  };
  const create = async (event: FormEvent) => {
    event.preventDefault();
    const created = await createLabel({ variables: { projectId: project.id, name, color } }).catch(() => undefined);
    if (created?.data) setName('');
  };

  return (
    <section aria-labelledby="labels-title" className="labels">
      <h3 id="labels-title">Labels</h3>
      {project.labels.length ? (
        <fieldset disabled={!canEdit || setting.loading} className="label-choices">
          <legend className="visually-hidden">Labels of this task</legend>
          {project.labels.map((label) => (
            <label key={label.id} className="label-choice">
              <input type="checkbox" checked={attached.has(label.id)} onChange={(event) => void toggle(label.id, event.target.checked)} />
              <span className="label-swatch" style={{ background: label.color }} aria-hidden="true" />
              {label.name}
            </label>
          ))}
        </fieldset>
      ) : (
        <p className="muted">The project has no labels yet.</p>
      )}
      <ErrorMessage error={setting.error} />
      {canEdit ? (
        <form className="field-row new-label" onSubmit={create} aria-label="Create a label">
          <Field label="New label" value={name} onChange={(event) => setName(event.target.value)} error={nameError} />
          <div className="field color-field">
            <label htmlFor="new-label-color">Colour</label>
            <input id="new-label-color" type="color" value={color} onChange={(event) => setColor(event.target.value)} />
          </div>
          <button type="submit" disabled={creating.loading || !name.trim()}>
            Create label
          </button>
          {nameError ? null : <ErrorMessage error={creating.error} />}
        </form>
      ) : null}
    </section>
  );
}
