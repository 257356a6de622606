import {
  badUserInput,
  type Connection,
  type EntityReference,
  PageArgs,
  parseId,
  parseInput,
  type RequestContext,
  ResolveReference,
} from '@taskgraph/kit';
import type { ProjectAccess } from '@taskgraph/memberships';
import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { requireAssignable, requireTask, visibleTask } from '../access.js';
import type { Comment } from '../entities/comment.js';
import { Task, TaskStatus } from '../entities/task.js';
import { fieldChanges, recordTaskEvent, taskSnapshot } from '../events/publish.js';
import { commentPages } from '../loaders.js';
import { canMove } from '../status.js';
import { CommentConnection } from './connections.js';
import { CreateTaskInput, createTaskInput, UpdateTaskInput, updateTaskInput } from './inputs.js';
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

  @FieldResolver(() => CommentConnection, { description: 'Oldest first.' })
  comments(@Root() task: Task, @Args(() => PageArgs) { first, after }: PageArgs, @Ctx() ctx: RequestContext): Promise<Connection<Comment>> {
    return ctx.loader(commentPages).load({ taskId: task.id, first, after });
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
      const task = new Task(projectId, data.title, viewer.userId);
      Object.assign(task, { description: data.description, priority: data.priority, dueAt: data.dueAt, assigneeId });
      em.persist(task);
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
      Object.assign(task, { status, updatedAt: now, completedAt: status === TaskStatus.DONE ? now : null });
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
