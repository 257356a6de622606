import { PeriodicJob, defineSubgraph, idempotentConsumer, parseId } from '@taskgraph/kit';
import { ProjectAccess, projectEventHandlers, projectReplicaEntities, viewerRoles } from '@taskgraph/memberships';
import { Comment } from './entities/comment.js';
import { Task } from './entities/task.js';
import { CommentResolver } from './graphql/comment-resolver.js';
import { ProjectTasksResolver, UserTasksResolver } from './graphql/list-resolvers.js';
import { TaskResolver } from './graphql/task-resolver.js';
import { remindDueSoon } from './due-soon.js';
import { commentsById, tasksById } from './loaders.js';
import { tasksSettings } from './settings.js';

export const tasks = defineSubgraph({
  name: 'tasks',
  settings: tasksSettings,
  entities: [Task, Comment, ...projectReplicaEntities],
  migrations: new URL('./migrations/', import.meta.url),
  schema: { resolvers: [TaskResolver, CommentResolver, ProjectTasksResolver, UserTasksResolver] },
  setup({ settings, orm, logger, relay }) {
    const access = new ProjectAccess(settings.ACCESS_WAIT_MS);
    return {
      resolvers: [new TaskResolver(access), new CommentResolver(access), new ProjectTasksResolver(access), new UserTasksResolver()],
      references: {
        // A task another subgraph points at is shown only to members of its project.
        Task: async (reference, ctx) => {
          const task = await ctx.loader(tasksById).load(parseId(reference.id));
          return task && (await ctx.loader(viewerRoles).load(task.projectId)) ? task : null;
        },
        Comment: async (reference, ctx) => {
          const comment = await ctx.loader(commentsById).load(parseId(reference.id));
          const task = comment && (await ctx.loader(tasksById).load(comment.task.id));
          return task && (await ctx.loader(viewerRoles).load(task.projectId)) ? comment : null;
        },
        Project: (reference) => ({ id: reference.id }),
        User: (reference) => ({ id: reference.id }),
      },
      consumers: [idempotentConsumer(orm, 'tasks', 'project.>', projectEventHandlers, { ordered: true })],
      jobs: [new PeriodicJob('due-soon reminders', settings.DUE_SOON_SCAN_INTERVAL_MS, () => remindDueSoon(orm, () => relay.wake()), logger)],
    };
  },
});
