import type { Connection, RequestContext } from '@taskgraph/kit';
import type { ProjectAccess } from '@taskgraph/memberships';
import { Args, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { Label } from '../entities/label.js';
import type { Task } from '../entities/task.js';
import { labelsOfProjects, taskCounts } from '../loaders.js';
import { TaskStatusCount } from './board-types.js';
import { TaskConnection } from './connections.js';
import { TaskListArgs } from './list-args.js';
import { ProjectReference, UserReference } from './stubs.js';
import { listTasks } from './task-list.js';

@Resolver(() => ProjectReference)
export class ProjectTasksResolver {
  constructor(private readonly deps: { access: ProjectAccess }) {}

  @FieldResolver(() => TaskConnection, { description: 'Members of the project only.' })
  async tasks(
    @Root() project: ProjectReference,
    @Args(() => TaskListArgs) args: TaskListArgs,
    @Ctx() ctx: RequestContext,
  ): Promise<Connection<Task>> {
    await this.deps.access.require(ctx, project.id, 'VIEWER', 'Project');
    return listTasks(ctx, (query) => query.where('tasks.project_id', project.id), args);
  }

  @FieldResolver(() => [TaskStatusCount], { description: 'Tasks per status, every status listed (zero included), for column headers.' })
  async taskCounts(@Root() project: ProjectReference, @Ctx() ctx: RequestContext): Promise<TaskStatusCount[]> {
    await this.deps.access.require(ctx, project.id, 'VIEWER', 'Project');
    return ctx.loader(taskCounts).load(project.id);
  }

  @FieldResolver(() => [Label], { description: "The project's labels, by name." })
  async labels(@Root() project: ProjectReference, @Ctx() ctx: RequestContext): Promise<Label[]> {
    await this.deps.access.require(ctx, project.id, 'VIEWER', 'Project');
    return ctx.loader(labelsOfProjects).load(project.id);
  }
}

@Resolver(() => UserReference)
export class UserTasksResolver {
  @FieldResolver(() => TaskConnection, { description: 'Tasks assigned to this user, in the projects the viewer is a member of.' })
  assignedTasks(
    @Root() user: UserReference,
    @Args(() => TaskListArgs) args: TaskListArgs,
    @Ctx() ctx: RequestContext,
  ): Promise<Connection<Task>> {
    const viewer = ctx.requireViewer();
    return listTasks(
      ctx,
      (query) =>
        query
          .where('tasks.assignee_id', user.id)
          .whereIn('tasks.project_id', (visible) => visible.select('project_id').from('member_replicas').where('user_id', viewer.userId)),
      args,
    );
  }
}
