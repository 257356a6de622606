import type { FilterQuery } from '@mikro-orm/core';
import { type Connection, idConnection, PageArgs, type RequestContext } from '@taskgraph/kit';
import { ArgsType, Field } from 'type-graphql';
import { Project } from '../entities/project.js';

@ArgsType()
export class ProjectListArgs extends PageArgs {
  @Field(() => Boolean, { nullable: true, description: 'Include archived projects (default false).' })
  includeArchived?: boolean | null;
}

/** A user's projects, newest first. */
export function listProjects(
  ctx: RequestContext,
  userId: string,
  { includeArchived, ...page }: ProjectListArgs,
): Promise<Connection<Project>> {
  const where: FilterQuery<Project> = { memberships: { userId }, ...(includeArchived ? {} : { archivedAt: null }) };
  return idConnection(ctx.em, { entity: Project, where, order: 'desc' }, page);
}
