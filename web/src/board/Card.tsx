/**
 * A card on the board: its title links to the task drawer; it can be dragged, and its Move menu does the same from
 * the keyboard (up, down, or to another column), keeping the focus on the card as it moves.
 */
import { useEffect, useRef, useState } from 'react';
import { Link } from '../components/Link';
import type { TaskCardFragment, TaskStatus } from '../gql/graphql';
import { paths } from '../router';
import { startDrag } from './drag';
import type { Neighbours } from './moves';
import { statuses, statusLabels } from './statuses';

/**
 * The card whose Move button takes the focus once it is drawn in its new place (React moves or remounts its element
 * there, and the focus it had is lost on the way), and where it was.
 */
let focusAfterMove: { id: string; status: TaskStatus; index: number } | null = null;

export function Card({
  projectId,
  column,
  index,
  canEdit,
  move,
}: {
  projectId: string;
  /** The cards of its column as shown, and where it is among them. */
  column: readonly TaskCardFragment[];
  index: number;
  canEdit: boolean;
  move: (task: TaskCardFragment, status: TaskStatus, neighbours: Neighbours | 'last') => void;
}) {
  const [menuOpen, setMenuOpen] = useState(false);
  const moveButton = useRef<HTMLButtonElement>(null);
  const task = column[index];
  const menuId = `move-menu-${task?.id}`;

  useEffect(() => {
    if (!task || focusAfterMove?.id !== task.id) return;
    if (focusAfterMove.status === task.status && focusAfterMove.index === index) return;
    focusAfterMove = null;
    moveButton.current?.focus();
  });

  if (!task) return null;
  const moveTo = (status: TaskStatus, neighbours: Neighbours | 'last') => {
    focusAfterMove = { id: task.id, status: task.status, index };
    setMenuOpen(false);
    move(task, status, neighbours);
  };

  return (
    <li className="card" data-task-id={task.id} draggable={canEdit} onDragStart={(event) => startDrag(event, task.id)}>
      <Link href={paths.board(projectId, task.id)} className="card-title">
        {task.title}
      </Link>
      <div className="card-meta">
        <span className={`priority priority-${task.priority.toLowerCase()}`}>{task.priority.toLowerCase()}</span>
        {task.dueAt ? <span>due {new Date(task.dueAt).toLocaleDateString()}</span> : null}
        {task.assignee ? <span>{task.assignee.displayName}</span> : null}
        {task.labels.map((label) => (
          <span key={label.id} className="label">
            <span className="label-swatch" style={{ background: label.color }} aria-hidden="true" />
            {label.name}
          </span>
        ))}
      </div>
      {canEdit ? (
        <div className="card-actions">
          <button
            type="button"
            className="secondary small"
            ref={moveButton}
            aria-label={`Move “${task.title}”`}
            aria-expanded={menuOpen}
            aria-controls={menuId}
            onClick={() => setMenuOpen(!menuOpen)}
          >
            Move
          </button>
          {menuOpen ? (
            <fieldset id={menuId} className="move-menu">
              <legend className="visually-hidden">Move “{task.title}”</legend>
              <button
                type="button"
                className="secondary small"
                disabled={index === 0}
                onClick={() => moveTo(task.status, { after: column[index - 2], before: column[index - 1] })}
              >
                Up
              </button>
              <button
                type="button"
                className="secondary small"
                disabled={index === column.length - 1}
                onClick={() => moveTo(task.status, { after: column[index + 1], before: column[index + 2] })}
              >
                Down
              </button>
              {statuses
                .filter((status) => status !== task.status)
                .map((status) => (
                  <button key={status} type="button" className="secondary small" onClick={() => moveTo(status, 'last')}>
                    To {statusLabels[status]}
                  </button>
                ))}
            </fieldset>
          ) : null}
        </div>
      ) : null}
    </li>
  );
}
