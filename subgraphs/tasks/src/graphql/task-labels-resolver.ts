import { parseArgument, type RequestContext } from '@taskgraph/kit';
import type { ProjectAccess } from '@taskgraph/memberships';
import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import { requireTask } from '../access.js';
import { Label } from '../entities/label.js';
import { Task } from '../entities/task.js';
import { recordTaskEvent, taskSnapshot } from '../events/publish.js';
import { labelIdsOf, projectLabels, replaceLabels } from '../labels.js';
import { labelsOfTasks } from '../loaders.js';
import { labelIdList } from './inputs.js';

@Resolver(() => Task)
export class TaskLabelsResolver {
  constructor(private readonly deps: { access: ProjectAccess }) {}

  @FieldResolver(() => [Label], { description: 'By name.' })
  labels(@Root() task: Task, @Ctx() ctx: RequestContext): Promise<Label[]> {
    return ctx.loader(labelsOfTasks).load(task.id);
  }

  @Mutation(() => Task, { description: "MEMBER or higher; replaces the task's labels (labels of the same project only)." })
  async setTaskLabels(
    @Arg('id', () => ID) id: string,
    @Arg('labelIds', () => [ID]) labelIds: string[],
    @Ctx() ctx: RequestContext,
  ): Promise<Task> {
    const viewer = ctx.requireViewer();
    const wanted = parseArgument('labelIds', labelIdList, labelIds);
    const task = await requireTask(this.deps.access, ctx, id, 'MEMBER', { change: true });
    return ctx.transaction(async (em) => {
      const labels = await projectLabels(em, task.projectId, wanted, 'labelIds');
      const previousLabels = await labelIdsOf(em, task);
      const now = labels.map((label) => label.id).sort();
      if (now.join() === previousLabels.join()) return task;
      await replaceLabels(em, task, labels);
      task.updatedAt = new Date();
      em.persist(task);
      const changes = [{ field: 'labels', from: previousLabels.join(',') || null, to: now.join(',') || null }];
      recordTaskEvent(em, 'task.updated', { ...taskSnapshot(task), changed: ['labels'], changes }, viewer.userId);
      return task;
    });
  }
}
