import { type Connection, forbidden, type RequestContext } from '@taskgraph/kit';
import { Args, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { Project } from '../entities/project.js';
import { ProjectConnection } from './connections.js';
import { listProjects, ProjectListArgs } from './project-list.js';
import { UserReference } from './stubs.js';

@Resolver(() => UserReference)
export class UserProjectsResolver {
  @FieldResolver(() => ProjectConnection, { description: "The user's projects; only the user themself may read them (else FORBIDDEN)." })
  projects(
    @Root() user: UserReference,
    @Args(() => ProjectListArgs) args: ProjectListArgs,
    @Ctx() ctx: RequestContext,
  ): Promise<Connection<Project>> {
    if (ctx.requireViewer().userId !== user.id) throw forbidden('Only the user themself may read their projects');
    return listProjects(ctx, user.id, args);
  }
}
