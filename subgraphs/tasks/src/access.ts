import type { ProjectRoleName } from '@taskgraph/contracts';
import { badUserInput, notFound, parseId, type RequestContext } from '@taskgraph/kit';
import { type ProjectAccess, viewerRoles } from '@taskgraph/memberships';
import type { Task } from './entities/task.js';
import { tasksById } from './loaders.js';

/** The task, if the viewer has `minimum` role in its project; NOT_FOUND when it does not exist or is invisible to them. */
export async function requireTask(
  access: ProjectAccess,
  ctx: RequestContext,
  id: string,
  minimum: ProjectRoleName,
  { change = false, field = 'id' }: { change?: boolean; field?: string } = {},
): Promise<Task> {
  ctx.requireViewer();
  const task = await ctx.loader(tasksById).load(parseId(id, field));
  if (!task) throw notFound('Task');
  await access.require(ctx, task.projectId, minimum, 'Task', { change });
  return task;
}

/** The task, if the viewer is a member of its project (without waiting for the replica); else null. */
export async function visibleTask(ctx: RequestContext, taskId: string): Promise<Task | null> {
  const task = await ctx.loader(tasksById).load(taskId);
  return task && (await ctx.loader(viewerRoles).load(task.projectId)) ? task : null;
}

/** An assignee must be a member of the project who can work on tasks (not a VIEWER). */
export async function requireAssignable(access: ProjectAccess, ctx: RequestContext, projectId: string, userId: string): Promise<void> {
  if (!(await access.hasRole(ctx, projectId, userId, 'MEMBER'))) {
    throw badUserInput({ assigneeId: 'must be a member of the project who is not a VIEWER' });
  }
}
