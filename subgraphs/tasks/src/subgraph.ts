import { defineSubgraph, idempotentConsumer, PeriodicJob } from '@taskgraph/kit';
import { ProjectAccess, projectReplicaEntities } from '@taskgraph/memberships';
import { remindDueSoon } from './due-soon.js';
import { Comment } from './entities/comment.js';
import { Task } from './entities/task.js';
import { projectHandlers } from './events/handlers/project.js';
import { CommentResolver } from './graphql/comment-resolver.js';
import { ProjectTasksResolver, UserTasksResolver } from './graphql/list-resolvers.js';
import { TaskResolver } from './graphql/task-resolver.js';
import { tasksSettings } from './settings.js';

export const tasks = defineSubgraph({
  name: 'tasks',
  settings: tasksSettings,
  entities: [Task, Comment, ...projectReplicaEntities],
  migrations: new URL('./migrations/', import.meta.url),
  schema: { resolvers: [TaskResolver, CommentResolver, ProjectTasksResolver, UserTasksResolver] },
  setup({ settings, orm, logger }) {
    return {
      dependencies: { access: new ProjectAccess(settings.ACCESS_WAIT_MS) },
      consumers: [idempotentConsumer(orm, 'tasks', 'project.>', projectHandlers, { ordered: true })],
      jobs: [new PeriodicJob('due-soon reminders', settings.DUE_SOON_SCAN_INTERVAL_MS, () => remindDueSoon(orm), logger)],
    };
  },
});
