import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import { parseArgument, type RequestContext } from '@taskgraph/kit';
import type { ProjectAccess } from '@taskgraph/memberships';
import { Comment } from '../entities/comment.js';
import { Task } from '../entities/task.js';
import { recordTaskEvent, taskSnapshot } from '../events/task-events.js';
import { requireTask } from '../task-access.js';
import { tasksById } from '../loaders.js';
import { commentBody } from './inputs.js';
import { UserReference } from './references.js';

@Resolver(() => Comment)
export class CommentResolver {
  constructor(private readonly access: ProjectAccess) {}

  @FieldResolver(() => Task)
  async task(@Root() comment: Comment, @Ctx() ctx: RequestContext): Promise<Task | null> {
    return ctx.loader(tasksById).load(comment.task.id);
  }

  @FieldResolver(() => UserReference)
  author(@Root() comment: Comment): UserReference {
    return { id: comment.authorId };
  }

  @Mutation(() => Comment, { description: 'MEMBER or higher in the task’s project.' })
  async addComment(@Arg('taskId', () => ID) taskId: string, @Arg('body', () => String) body: string, @Ctx() ctx: RequestContext): Promise<Comment> {
    const viewer = ctx.requireViewer();
    const text = parseArgument('body', commentBody, body);
    const task = await requireTask(this.access, ctx, taskId, 'MEMBER', { change: true, field: 'taskId' });
    return ctx.transaction(async (em) => {
      const comment = new Comment(task, viewer.userId, text);
      em.persist(comment);
      recordTaskEvent(em, 'task.commented', { ...taskSnapshot(task), commentId: comment.id, authorId: viewer.userId }, viewer.userId);
      return comment;
    });
  }
}
