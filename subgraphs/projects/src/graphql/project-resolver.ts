import type { ProjectRoleName } from '@taskgraph/contracts';
import {
  type Connection,
  type EntityReference,
  notFound,
  parseId,
  parseInput,
  type RequestContext,
  ResolveReference,
} from '@taskgraph/kit';
import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { readProject, requireProject } from '../access.js';
import { Membership } from '../entities/membership.js';
import { Project } from '../entities/project.js';
import {
  recordProjectArchived,
  recordProjectCreated,
  recordProjectDeleted,
  recordProjectUnarchived,
  recordProjectUpdated,
} from '../events/publish.js';
import { membersByProject, projectsById, viewerRoles } from '../loaders.js';
import { projectRoleEnum } from '../roles.js';
import { ProjectConnection } from './connections.js';
import { CreateProjectInput, createProjectInput, UpdateProjectInput, updateProjectInput } from './inputs.js';
import { listProjects, ProjectListArgs } from './project-list.js';
import { UserReference } from './stubs.js';

@Resolver(() => Project)
export class ProjectResolver {
  /** Another subgraph's reference shows a project only to its members, as `project(id)` does. */
  @ResolveReference()
  async reference(reference: EntityReference, ctx: RequestContext): Promise<Project | null> {
    const id = parseId(reference.id);
    const [project, role] = await Promise.all([ctx.loader(projectsById).load(id), ctx.loader(viewerRoles).load(id)]);
    return role ? project : null;
  }

  @Query(() => Project, { nullable: true, description: 'NOT_FOUND when it does not exist or the viewer is not a member.' })
  async project(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<Project> {
    return (await readProject(ctx, id)).project;
  }

  @Query(() => ProjectConnection, { description: "The viewer's projects, newest first." })
  projects(@Args(() => ProjectListArgs) args: ProjectListArgs, @Ctx() ctx: RequestContext): Promise<Connection<Project>> {
    return listProjects(ctx, ctx.requireViewer().userId, args);
  }

  @FieldResolver(() => UserReference)
  owner(@Root() project: Project): UserReference {
    return { id: project.ownerId };
  }

  @FieldResolver(() => projectRoleEnum, { description: "The viewer's role in this project." })
  async viewerRole(@Root() project: Project, @Ctx() ctx: RequestContext): Promise<ProjectRoleName> {
    const role = await ctx.loader(viewerRoles).load(project.id);
    if (!role) throw notFound('Project');
    return role;
  }

  @FieldResolver(() => [Membership])
  members(@Root() project: Project, @Ctx() ctx: RequestContext): Promise<Membership[]> {
    return ctx.loader(membersByProject).load(project.id);
  }

  @Mutation(() => Project, { description: 'The creator becomes the OWNER.' })
  async createProject(@Arg('input', () => CreateProjectInput) input: CreateProjectInput, @Ctx() ctx: RequestContext): Promise<Project> {
    const viewer = ctx.requireViewer();
    const { name, description } = parseInput(createProjectInput, input);
    const { project, created } = await ctx.transaction(async (em) => {
      const made = new Project(name, description, viewer.userId);
      em.persist([made, new Membership(made, viewer.userId, 'OWNER')]);
      return { project: made, created: recordProjectCreated(em, made, viewer.userId) };
    });
    await ctx.inForce([created]);
    return project;
  }

  @Mutation(() => Project, { description: 'ADMIN or higher.' })
  async updateProject(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => UpdateProjectInput) input: UpdateProjectInput,
    @Ctx() ctx: RequestContext,
  ): Promise<Project> {
    const viewer = ctx.requireViewer();
    const changes = parseInput(updateProjectInput, input);
    const { project } = await requireProject(ctx, id, 'ADMIN', { change: true });
    const changed = (['name', 'description'] as const).filter((field) => changes[field] !== undefined && changes[field] !== project[field]);
    if (!changed.length) return project;
    return ctx.transaction(async (em) => {
      Object.assign(project, Object.fromEntries(changed.map((field) => [field, changes[field]])));
      em.persist(project);
      recordProjectUpdated(em, project, viewer.userId);
      return project;
    });
  }

  @Mutation(() => Project, { description: 'ADMIN or higher. An archived project is read-only.' })
  async archiveProject(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<Project> {
    const viewer = ctx.requireViewer();
    const { project } = await requireProject(ctx, id, 'ADMIN');
    if (project.archivedAt) return project;
    const archived = await ctx.transaction(async (em) => {
      project.archivedAt = new Date();
      em.persist(project);
      return recordProjectArchived(em, project, viewer.userId);
    });
    await ctx.inForce([archived]);
    return project;
  }

  @Mutation(() => Project, { description: 'ADMIN or higher. The project can be changed again.' })
  async unarchiveProject(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<Project> {
    const viewer = ctx.requireViewer();
    const { project } = await requireProject(ctx, id, 'ADMIN');
    if (!project.archivedAt) return project;
    const unarchived = await ctx.transaction(async (em) => {
      project.archivedAt = null;
      em.persist(project);
      return recordProjectUnarchived(em, project, viewer.userId);
    });
    await ctx.inForce([unarchived]);
    return project;
  }

  @Mutation(() => ID, {
    description: 'OWNER only. Its tasks, comments, labels, activity and notifications go with it. Returns the id.',
  })
  async deleteProject(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<string> {
    const viewer = ctx.requireViewer();
    const { project } = await requireProject(ctx, id, 'OWNER');
    const deleted = await ctx.transaction(async (em) => {
      // Memberships go with it (cascade); the other subgraphs remove their part on `project.deleted`.
      await em.nativeDelete(Project, { id: project.id });
      return recordProjectDeleted(em, project.id, viewer.userId);
    });
    await ctx.inForce([deleted]);
    return project.id;
  }
}
