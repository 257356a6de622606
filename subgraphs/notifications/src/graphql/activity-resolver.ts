import { Args, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { z } from 'zod';
import { PageArgs, decodeCursor, pageSize, toPage, type Page, type RequestContext } from '@taskgraph/kit';
import type { ProjectAccess } from '@taskgraph/memberships';
import { ActivityItem } from '../entities/activity-item.js';
import { ActivityConnection } from './connections.js';
import { ProjectReference, TaskReference, UserReference } from './references.js';

const activityCursor = z.tuple([z.uuid()]);

@Resolver(() => ProjectReference)
export class ProjectActivityResolver {
  constructor(private readonly access: ProjectAccess) {}

  @FieldResolver(() => ActivityConnection, { description: "The project's task events, newest first; members only." })
  async activity(@Root() project: ProjectReference, @Args(() => PageArgs) { first, after }: PageArgs, @Ctx() ctx: RequestContext): Promise<Page<ActivityItem>> {
    await this.access.require(ctx, project.id, 'VIEWER', 'Project');
    const limit = pageSize(first);
    const [before] = after ? decodeCursor(after, activityCursor) : [];
    const rows = await ctx.em.find(
      ActivityItem,
      { projectId: project.id, ...(before ? { id: { $lt: before } } : {}) },
      { orderBy: { id: 'desc' }, limit: limit + 1 },
    );
    return toPage(rows, limit, (item) => [item.id]);
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
