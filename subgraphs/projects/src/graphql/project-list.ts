import { ArgsType, Field } from 'type-graphql';
import { z } from 'zod';
import type { FilterQuery } from '@mikro-orm/core';
import { PageArgs, decodeCursor, pageSize, toPage, type Connection, type RequestContext } from '@taskgraph/kit';
import { Membership } from '../entities/membership.js';
import type { Project } from '../entities/project.js';

@ArgsType()
export class ProjectListArgs extends PageArgs {
  @Field(() => Boolean, { nullable: true, description: 'Include archived projects (default false).' })
  includeArchived?: boolean | null;
}

const projectCursor = z.tuple([z.uuid()]);

/** A user's projects, newest first. */
export async function listProjects(ctx: RequestContext, userId: string, { first, after, includeArchived }: ProjectListArgs): Promise<Connection<Project>> {
  const limit = pageSize(first);
  const where: FilterQuery<Membership> = { userId, ...(includeArchived ? {} : { project: { archivedAt: null } }) };
  const [before] = after ? decodeCursor(after, projectCursor) : [];
  const [memberships, totalCount] = await Promise.all([
    ctx.em.find(Membership, before ? { $and: [where, { project: { id: { $lt: before } } }] } : where, {
      populate: ['project'],
      orderBy: { project: { id: 'desc' } },
      limit: limit + 1,
    }),
    ctx.em.count(Membership, where),
  ]);
  return { ...toPage(memberships.map((membership) => membership.project), limit, (project) => [project.id]), totalCount };
}
