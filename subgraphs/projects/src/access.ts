import { atLeast, type ProjectRoleName } from '@taskgraph/contracts';
import { forbidden, notFound, parseId, type RequestContext } from '@taskgraph/kit';
import type { Project } from './entities/project.js';
import { projectsById, viewerRoles } from './loaders.js';

export interface ProjectAccess {
  project: Project;
  role: ProjectRoleName;
}

/**
 * The project, if the viewer may act on it with `minimum` role: NOT_FOUND when it does not
 * exist or the viewer is no member (its existence is not revealed), FORBIDDEN when their role
 * is too low, or when a change is asked of an archived project.
 */
export async function requireProject(
  ctx: RequestContext,
  id: string,
  minimum: ProjectRoleName,
  { change = false, field = 'id' }: { change?: boolean; field?: string } = {},
): Promise<ProjectAccess> {
  ctx.requireViewer();
  const projectId = parseId(id, field);
  const [project, role] = await Promise.all([ctx.loader(projectsById).load(projectId), ctx.loader(viewerRoles).load(projectId)]);
  if (!project || !role) throw notFound('Project');
  if (!atLeast(role, minimum)) throw forbidden(`This needs the ${minimum} role or higher in the project`);
  if (change && project.archivedAt) throw forbidden('The project is archived and read-only');
  return { project, role };
}

export const readProject = (ctx: RequestContext, id: string) => requireProject(ctx, id, 'VIEWER');
