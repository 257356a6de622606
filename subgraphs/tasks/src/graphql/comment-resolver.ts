import { atLeast } from '@taskgraph/contracts';
import { type EntityReference, forbidden, notFound, parseArgument, parseId, type RequestContext, ResolveReference } from '@taskgraph/kit';
import { type ProjectAccess, viewerRoles } from '@taskgraph/memberships';
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

  @Mutation(() => Comment, { description: 'The author only.' })
  async updateComment(
    @Arg('id', () => ID) id: string,
    @Arg('body', () => String) body: string,
    @Ctx() ctx: RequestContext,
  ): Promise<Comment> {
    const viewer = ctx.requireViewer();
    const text = parseArgument('body', commentBody, body);
    const { comment, task } = await this.requireComment(ctx, id);
    if (comment.authorId !== viewer.userId) throw forbidden('Only its author edits a comment');
    if (text === comment.body) return comment;
    return ctx.transaction(async (em) => {
      const now = new Date();
      Object.assign(comment, { body: text, updatedAt: now, editedAt: now });
      em.persist(comment);
      recordTaskEvent(
        em,
        'task.comment_updated',
        { ...taskSnapshot(task), commentId: comment.id, authorId: comment.authorId },
        viewer.userId,
      );
      return comment;
    });
  }

  @Mutation(() => ID, { description: "The author, or ADMIN or higher in the project. Returns the comment's id." })
  async deleteComment(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<string> {
    const viewer = ctx.requireViewer();
    const { comment, task } = await this.requireComment(ctx, id);
    if (comment.authorId !== viewer.userId && !atLeast(await ctx.loader(viewerRoles).load(task.projectId), 'ADMIN')) {
      throw forbidden('Only its author or an ADMIN deletes a comment');
    }
    await ctx.transaction(async (em) => {
      recordTaskEvent(
        em,
        'task.comment_deleted',
        { ...taskSnapshot(task), commentId: comment.id, authorId: comment.authorId },
        viewer.userId,
      );
      em.remove(comment);
    });
    return comment.id;
  }

  /** The comment and its task, if the viewer may change things in its project (MEMBER or higher, not archived). */
  private async requireComment(ctx: RequestContext, id: string): Promise<{ comment: Comment; task: Task }> {
    ctx.requireViewer();
    const comment = await ctx.loader(commentsById).load(parseId(id));
    const task = comment && (await ctx.loader(tasksById).load(comment.task.id));
    if (!comment || !task) throw notFound('Comment');
    await this.deps.access.require(ctx, task.projectId, 'MEMBER', 'Comment', { change: true });
    return { comment, task };
  }
}
