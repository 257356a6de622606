/**
 * The board's filters: by assignee, label, priority and a search in title and description. They are the arguments
 * of each column's `tasks(filter:)` (so the server filters), and the same test here decides whether a task that
 * changes live belongs in a column as it is filtered.
 */
import type { TaskCardFragment, TaskFilter, TaskPriority, TaskStatus } from '../gql/graphql';

export interface BoardFilters {
  /** '' anyone, `unassigned` nobody, else a user id. */
  assignee: string;
  /** '' any label, else a label id. */
  labelId: string;
  priority: TaskPriority | '';
  search: string;
}

export const unassigned = 'unassigned';
export const noFilters: BoardFilters = { assignee: '', labelId: '', priority: '', search: '' };

export const isFiltered = (filters: BoardFilters) =>
  filters.assignee !== '' || filters.labelId !== '' || filters.priority !== '' || filters.search.trim() !== '';

/** The variables of one column's query: the same object for the same filters, as the cache keys lists by them. */
export function columnVariables(projectId: string, status: TaskStatus, filters: BoardFilters): { projectId: string; filter: TaskFilter } {
  const filter: TaskFilter = { status: [status] };
  if (filters.assignee === unassigned) filter.unassigned = true;
  else if (filters.assignee) filter.assigneeId = filters.assignee;
  if (filters.labelId) filter.labelIds = [filters.labelId];
  if (filters.priority) filter.priority = [filters.priority];
  const search = filters.search.trim();
  if (search) filter.search = search;
  return { projectId, filter };
}

/** Whether the task passes the filters (its status aside), as the server's filter would decide. */
export function matches(task: TaskCardFragment, filters: BoardFilters): boolean {
  if (filters.assignee === unassigned ? task.assignee : filters.assignee && task.assignee?.id !== filters.assignee) return false;
  if (filters.labelId && !task.labels.some((label) => label.id === filters.labelId)) return false;
  if (filters.priority && task.priority !== filters.priority) return false;
  const search = filters.search.trim().toLowerCase();
  return !search || task.title.toLowerCase().includes(search) || (task.description ?? '').toLowerCase().includes(search);
}
