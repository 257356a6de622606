import { type Connection, idConnection, PageArgs, type RequestContext } from '@taskgraph/kit';
import type { ProjectAccess } from '@taskgraph/memberships';
import { Args, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { ActivityItem } from '../entities/activity-item.js';
import { ActivityConnection } from './connections.js';
import { ProjectReference, TaskReference, UserReference } from './stubs.js';

@Resolver(() => ProjectReference)
export class ProjectActivityResolver {
  constructor(private readonly deps: { access: ProjectAccess }) {}

  @FieldResolver(() => ActivityConnection, { description: "The project's task events, newest first; members only." })
  async activity(
    @Root() project: ProjectReference,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: RequestContext,
  ): Promise<Connection<ActivityItem>> {
    await this.deps.access.require(ctx, project.id, 'VIEWER', 'Project');
    return idConnection(ctx.em, { entity: ActivityItem, where: { projectId: project.id }, order: 'desc' }, page);
  }
}

@Resolver(() => ActivityItem)
export class ActivityItemResolver {
  @FieldResolver(() => TaskReference, { nullable: true, description: 'null once the task is deleted, or when the viewer cannot see it.' })
  task(@Root() item: ActivityItem): TaskReference {
    return { id: item.taskId };
  }

  @FieldResolver(() => UserReference, { nullable: true })
  actor(@Root() item: ActivityItem): UserReference | null {
    return item.actorId ? { id: item.actorId } : null;
  }
}
