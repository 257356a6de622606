import { type EntityReference, parseArgument, parseId, type RequestContext, ResolveReference } from '@taskgraph/kit';
import type { ProjectAccess } from '@taskgraph/memberships';
import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import { requireTask, visibleTask } from '../access.js';
import { Comment } from '../entities/comment.js';
import { Task } from '../entities/task.js';
import { recordTaskEvent, taskSnapshot } from '../events/publish.js';
import { commentsById, tasksById } from '../loaders.js';
import { commentBody } from './inputs.js';
import { UserReference } from './stubs.js';

@Resolver(() => Comment)
export class CommentResolver {
  constructor(private readonly deps: { access: ProjectAccess }) {}

  /** A comment another subgraph points at is shown only to members of its task's project. */
  @ResolveReference()
  async reference(reference: EntityReference, ctx: RequestContext): Promise<Comment | null> {
    const comment = await ctx.loader(commentsById).load(parseId(reference.id));
    return comment && (await visibleTask(ctx, comment.task.id)) ? comment : null;
  }

  @FieldResolver(() => Task)
  async task(@Root() comment: Comment, @Ctx() ctx: RequestContext): Promise<Task | null> {
    return ctx.loader(tasksById).load(comment.task.id);
  }

  @FieldResolver(() => UserReference)
  author(@Root() comment: Comment): UserReference {
    return { id: comment.authorId };
  }

  @Mutation(() => Comment, { description: 'MEMBER or higher in the task’s project.' })
  async addComment(
    @Arg('taskId', () => ID) taskId: string,
    @Arg('body', () => String) body: string,
    @Ctx() ctx: RequestContext,
  ): Promise<Comment> {
    const viewer = ctx.requireViewer();
    const text = parseArgument('body', commentBody, body);
    const task = await requireTask(this.deps.access, ctx, taskId, 'MEMBER', { change: true, field: 'taskId' });
    return ctx.transaction(async (em) => {
      const comment = new Comment(task, viewer.userId, text);
      em.persist(comment);
      recordTaskEvent(em, 'task.commented', { ...taskSnapshot(task), commentId: comment.id, authorId: viewer.userId }, viewer.userId);
      return comment;
    });
  }
}
