import {
  badUserInput,
  type Connection,
  type EntityReference,
  PageArgs,
  pageWindow,
  parseId,
  parseInput,
  type RequestContext,
  ResolveReference,
} from '@taskgraph/kit';
import type { ProjectAccess } from '@taskgraph/memberships';
import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { requireAssignable, requireTask, visibleTask } from '../access.js';
import { rankAtEnd, rankBetween } from '../board.js';
import type { Comment } from '../entities/comment.js';
import { Task, TaskStatus } from '../entities/task.js';
import { fieldChanges, recordTaskEvent, taskSnapshot } from '../events/publish.js';
import { projectLabels, replaceLabels } from '../labels.js';
import { commentPages } from '../loaders.js';
import { canMove } from '../status.js';
import { CommentConnection } from './connections.js';
import { CreateTaskInput, createTaskInput, OrderDirection, UpdateTaskInput, updateTaskInput } from './inputs.js';
import { ProjectReference, UserReference } from './stubs.js';

const sameValue = (a: unknown, b: unknown): boolean => (a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : a === b);

@Resolver(() => Task)
export class TaskResolver {
  constructor(private readonly deps: { access: ProjectAccess }) {}

  /** A task another subgraph points at is shown only to members of its project. */
  @ResolveReference()
  reference(reference: EntityReference, ctx: RequestContext): Promise<Task | null> {
    return visibleTask(ctx, parseId(reference.id));
  }

  @Query(() => Task, { nullable: true, description: "NOT_FOUND unless the viewer is a member of the task's project." })
  async task(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<Task> {
    return requireTask(this.deps.access, ctx, id, 'VIEWER');
  }

  @FieldResolver(() => ProjectReference)
  project(@Root() task: Task): ProjectReference {
    return { id: task.projectId };
  }

  @FieldResolver(() => UserReference, { nullable: true })
  assignee(@Root() task: Task): UserReference | null {
    return task.assigneeId ? { id: task.assigneeId } : null;
  }

  @FieldResolver(() => UserReference)
  reporter(@Root() task: Task): UserReference {
    return { id: task.reporterId };
  }

  @FieldResolver(() => CommentConnection, { description: 'Oldest first (ASC, the default) or newest first (DESC).' })
  comments(
    @Root() task: Task,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('direction', () => OrderDirection, { nullable: true }) direction: OrderDirection | null | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<Connection<Comment>> {
    return ctx.loader(commentPages).load({ taskId: task.id, direction: direction ?? OrderDirection.ASC, window: pageWindow(page) });
  }

  @Mutation(() => Task, { description: 'MEMBER or higher in the project; archived project: FORBIDDEN.' })
  async createTask(@Arg('input', () => CreateTaskInput) input: CreateTaskInput, @Ctx() ctx: RequestContext): Promise<Task> {
    const viewer = ctx.requireViewer();
    const data = parseInput(createTaskInput, input);
    const projectId = data.projectId.toLowerCase();
    await this.deps.access.require(ctx, projectId, 'MEMBER', 'Project', { change: true });
    const assigneeId = data.assigneeId?.toLowerCase() ?? null;
    if (assigneeId) await requireAssignable(this.deps.access, ctx, projectId, assigneeId);
    return ctx.transaction(async (em) => {
      const labels = await projectLabels(em, projectId, data.labelIds, 'labelIds');
      const task = new Task(projectId, data.title, viewer.userId, data.status, await rankAtEnd(em, projectId, data.status));
      Object.assign(task, { description: data.description, priority: data.priority, dueAt: data.dueAt, assigneeId });
      if (data.status === TaskStatus.DONE) task.completedAt = task.createdAt;
      em.persist(task);
      await replaceLabels(em, task, labels);
      recordTaskEvent(em, 'task.created', taskSnapshot(task), viewer.userId);
      return task;
    });
  }

  @Mutation(() => Task, { description: 'MEMBER or higher.' })
  async updateTask(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => UpdateTaskInput) input: UpdateTaskInput,
    @Ctx() ctx: RequestContext,
  ): Promise<Task> {
    const viewer = ctx.requireViewer();
    const changes = parseInput(updateTaskInput, input);
    const task = await requireTask(this.deps.access, ctx, id, 'MEMBER', { change: true });
    const changed = (Object.keys(changes) as (keyof typeof changes)[]).filter(
      (field) => changes[field] !== undefined && !sameValue(changes[field], task[field]),
    );
    if (!changed.length) return task;
    return ctx.transaction(async (em) => {
      const before = { title: task.title, description: task.description, priority: task.priority, dueAt: task.dueAt };
      Object.assign(task, Object.fromEntries(changed.map((field) => [field, changes[field]])), { updatedAt: new Date() });
      if (changed.includes('dueAt')) task.dueSoonNotifiedAt = null;
      em.persist(task);
      recordTaskEvent(em, 'task.updated', { ...taskSnapshot(task), changed, changes: fieldChanges(changed, before, task) }, viewer.userId);
      return task;
    });
  }

  @Mutation(() => Task, { description: 'MEMBER or higher; assigneeId null unassigns. The assignee must be a member who is not a VIEWER.' })
  async assignTask(
    @Arg('id', () => ID) id: string,
    @Arg('assigneeId', () => ID, { nullable: true }) assigneeId: string | null | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<Task> {
    const viewer = ctx.requireViewer();
    const assignee = assigneeId === null || assigneeId === undefined ? null : parseId(assigneeId, 'assigneeId');
    const task = await requireTask(this.deps.access, ctx, id, 'MEMBER', { change: true });
    if (assignee === task.assigneeId) return task;
    if (assignee) await requireAssignable(this.deps.access, ctx, task.projectId, assignee);
    return ctx.transaction(async (em) => {
      const previousAssigneeId = task.assigneeId;
      // A new assignee is reminded of the due date in their turn.
      Object.assign(task, { assigneeId: assignee, updatedAt: new Date(), dueSoonNotifiedAt: null });
      em.persist(task);
      recordTaskEvent(em, 'task.assigned', { ...taskSnapshot(task), previousAssigneeId }, viewer.userId);
      return task;
    });
  }

  @Mutation(() => Task, {
    description:
      'MEMBER or higher. DONE sets completedAt; leaving DONE clears it. A cancelled task can only be reopened as TODO, a done one is not cancelled.',
  })
  async changeTaskStatus(
    @Arg('id', () => ID) id: string,
    @Arg('status', () => TaskStatus) status: TaskStatus,
    @Ctx() ctx: RequestContext,
  ): Promise<Task> {
    const viewer = ctx.requireViewer();
    const task = await requireTask(this.deps.access, ctx, id, 'MEMBER', { change: true });
    if (status === task.status) return task;
    if (!canMove(task.status, status)) throw badUserInput({ status: `a ${task.status} task cannot become ${status}` });
    return ctx.transaction(async (em) => {
      const previousStatus = task.status;
      const now = new Date();
      const position = await rankAtEnd(em, task.projectId, status, task.id);
      Object.assign(task, { status, position, updatedAt: now, completedAt: status === TaskStatus.DONE ? now : null });
      em.persist(task);
      recordTaskEvent(
        em,
        status === TaskStatus.DONE ? 'task.completed' : 'task.status_changed',
        { ...taskSnapshot(task), previousStatus },
        viewer.userId,
      );
      return task;
    });
  }

  @Mutation(() => Task, {
    description:
      'MEMBER or higher. Moves the task to `status` (when given; as changeTaskStatus allows) and places it right after `afterTaskId` or right before `beforeTaskId` in that column (neither: last).',
  })
  async moveTask(
    @Arg('id', () => ID) id: string,
    @Arg('status', () => TaskStatus, { nullable: true }) status: TaskStatus | null | undefined,
    @Arg('afterTaskId', () => ID, { nullable: true }) afterTaskId: string | null | undefined,
    @Arg('beforeTaskId', () => ID, { nullable: true }) beforeTaskId: string | null | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<Task> {
    const viewer = ctx.requireViewer();
    const after = afterTaskId === null || afterTaskId === undefined ? null : parseId(afterTaskId, 'afterTaskId');
    const before = beforeTaskId === null || beforeTaskId === undefined ? null : parseId(beforeTaskId, 'beforeTaskId');
    const task = await requireTask(this.deps.access, ctx, id, 'MEMBER', { change: true });
    const target = status ?? task.status;
    if (target !== task.status && !canMove(task.status, target))
      throw badUserInput({ status: `a ${task.status} task cannot become ${target}` });
    return ctx.transaction(async (em) => {
      const previous = { status: task.status, position: task.position };
      const position = await rankBetween(em, {
        taskId: task.id,
        projectId: task.projectId,
        status: target,
        afterTaskId: after,
        beforeTaskId: before,
      });
      const now = new Date();
      Object.assign(task, { status: target, position, updatedAt: now });
      if (target !== previous.status) task.completedAt = target === TaskStatus.DONE ? now : null;
      em.persist(task);
      recordTaskEvent(
        em,
        'task.moved',
        { ...taskSnapshot(task), previousStatus: previous.status, position, previousPosition: previous.position },
        viewer.userId,
      );
      return task;
    });
  }

  @Mutation(() => ID, { description: "MEMBER or higher. Returns the deleted task's id." })
  async deleteTask(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<string> {
    const viewer = ctx.requireViewer();
    const task = await requireTask(this.deps.access, ctx, id, 'MEMBER', { change: true });
    await ctx.transaction(async (em) => {
      recordTaskEvent(em, 'task.deleted', taskSnapshot(task), viewer.userId);
      em.remove(task);
    });
    return task.id;
  }
}
