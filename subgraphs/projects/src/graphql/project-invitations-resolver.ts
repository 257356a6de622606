import { atLeast } from '@taskgraph/contracts';
import { forbidden, notFound, type RequestContext } from '@taskgraph/kit';
import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { Invitation } from '../entities/invitation.js';
import { Project } from '../entities/project.js';
import { pendingInvitationsByProject, viewerRoles } from '../loaders.js';

@Resolver(() => Project)
export class ProjectInvitationsResolver {
  @FieldResolver(() => [Invitation], { description: 'ADMIN or higher only (else FORBIDDEN): invitations not yet accepted, newest first.' })
  async invitations(@Root() project: Project, @Ctx() ctx: RequestContext): Promise<Invitation[]> {
    const role = await ctx.loader(viewerRoles).load(project.id);
    if (!role) throw notFound('Project');
    if (!atLeast(role, 'ADMIN')) throw forbidden('This needs the ADMIN role or higher in the project');
    return ctx.loader(pendingInvitationsByProject).load(project.id);
  }
}
