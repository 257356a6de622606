import { loaderById, type RequestContext, viewerRolesIn } from '@taskgraph/kit';
import DataLoader from 'dataloader';
import { Invitation } from './entities/invitation.js';
import { Membership } from './entities/membership.js';
import { Project } from './entities/project.js';

export const projectsById = loaderById(Project);

/** Every member of each project, in the order they joined. */
export const membersByProject = (ctx: RequestContext) =>
  new DataLoader<string, Membership[]>(async (projectIds) => {
    const memberships = await ctx.em.find(
      Membership,
      { project: { $in: [...projectIds] } },
      { orderBy: { addedAt: 'asc', userId: 'asc' } },
    );
    return projectIds.map((id) => memberships.filter((membership) => membership.project.id === id));
  });

/** The viewer's role in each project, null where they are not a member. */
export const viewerRoles = viewerRolesIn(Membership);

/** The invitations of each project that can still be accepted, newest first. */
export const pendingInvitationsByProject = (ctx: RequestContext) =>
  new DataLoader<string, Invitation[]>(async (projectIds) => {
    const invitations = await ctx.em.find(
      Invitation,
      { project: { $in: [...projectIds] }, acceptedAt: null, revokedAt: null, expiresAt: { $gt: new Date() } },
      { orderBy: { createdAt: 'desc', id: 'desc' } },
    );
    return projectIds.map((id) => invitations.filter((invitation) => invitation.project.id === id));
  });
