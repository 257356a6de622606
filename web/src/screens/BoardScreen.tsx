import { useEffect, useState } from 'react';
import { Column } from '../board/Column';
import { type BoardFilters, noFilters, unassigned } from '../board/filters';
import { useTaskChanges } from '../board/live';
import { useMoves } from '../board/moves';
import { priorities, statuses } from '../board/statuses';
import { TaskDrawer } from '../board/TaskDrawer';
import { ErrorMessage } from '../components/ErrorMessage';
import { chosen } from '../components/options';
import type { ProjectDetailsFragment } from '../gql/graphql';

/** How long typing may pause before the search is sent: a query per column per keystroke would be wasteful. */
const searchPauseMs = 300;

export function BoardScreen({ project, taskId }: { project: ProjectDetailsFragment; taskId: string | null }) {
  const [filters, setFilters] = useState<BoardFilters>(noFilters);
  const [search, setSearch] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setFilters((current) => ({ ...current, search })), searchPauseMs);
    return () => clearTimeout(timer);
  }, [search]);
  useTaskChanges(project.id, filters);
  const moves = useMoves(project.id, filters);
  const canEdit = project.viewerRole !== 'VIEWER' && !project.archivedAt;

  return (
    <>
      <search className="filters" aria-label="Filter the board">
        <div className="field">
          <label htmlFor="filter-search">Search</label>
          <input id="filter-search" type="search" value={search} onChange={(event) => setSearch(event.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="filter-assignee">Assignee</label>
          <select
            id="filter-assignee"
            value={filters.assignee}
            onChange={(event) => setFilters({ ...filters, assignee: event.target.value })}
          >
            <option value="">Anyone</option>
            <option value={unassigned}>Nobody</option>
            {project.members.map((member) => (
              <option key={member.user.id} value={member.user.id}>
                {member.user.displayName}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-label">Label</label>
          <select id="filter-label" value={filters.labelId} onChange={(event) => setFilters({ ...filters, labelId: event.target.value })}>
            <option value="">Any label</option>
            {project.labels.map((label) => (
              <option key={label.id} value={label.id}>
                {label.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-priority">Priority</label>
          <select
            id="filter-priority"
            value={filters.priority}
            onChange={(event) => setFilters({ ...filters, priority: event.target.value ? chosen(priorities, event.target.value) : '' })}
          >
            <option value="">Any priority</option>
            {priorities.map((priority) => (
              <option key={priority} value={priority}>
                {priority.toLowerCase()}
              </option>
            ))}
          </select>
        </div>
      </search>
      {project.archivedAt ? <p className="notice">This project is archived: it can be read, not changed.</p> : null}
      <ErrorMessage error={moves.error} />
      <p className="visually-hidden" role="status">
        {moves.announcement}
      </p>
      <div className="board">
        {statuses.map((status) => (
          <Column key={status} projectId={project.id} status={status} filters={filters} canEdit={canEdit} moves={moves} />
        ))}
      </div>
      {taskId ? <TaskDrawer project={project} taskId={taskId} filters={filters} canEdit={canEdit} /> : null}
    </>
  );
}
