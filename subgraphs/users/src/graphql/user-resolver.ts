import type { FilterQuery } from '@mikro-orm/core';
import {
  type Connection,
  type EntityReference,
  escapeLike,
  forbidden,
  idConnection,
  notFound,
  PageArgs,
  parseArgument,
  parseId,
  parseInput,
  type RequestContext,
  ResolveReference,
} from '@taskgraph/kit';
import { Arg, Args, Ctx, Directive, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { User, UserRole } from '../entities/user.js';
import { recordProfileUpdated } from '../events/publish.js';
import { usersById } from '../loaders.js';
import { UserConnection } from './connections.js';
import { searchInput, UpdateProfileInput, updateProfileInput } from './inputs.js';

@Resolver(() => User)
export class UserResolver {
  constructor(private readonly deps: { existingUsers: (ctx: RequestContext) => { load(id: string): Promise<User> } }) {}

  /** Another subgraph's reference is a user known to exist, whose profile may still be on its way. */
  @ResolveReference()
  reference(reference: EntityReference, ctx: RequestContext): Promise<User> {
    return ctx.loader(this.deps.existingUsers).load(parseId(reference.id));
  }

  @Query(() => User, { nullable: true, description: 'The signed-in user; null when not authenticated.' })
  me(@Ctx() ctx: RequestContext): Promise<User> | null {
    return ctx.viewer ? ctx.loader(this.deps.existingUsers).load(ctx.viewer.userId) : null;
  }

  @Query(() => User, { nullable: true, description: 'null when no user has this id.' })
  user(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<User | null> {
    return ctx.loader(usersById).load(parseId(id));
  }

  @Query(() => UserConnection, {
    description: 'Authenticated users only; search matches displayName (case-insensitive substring). Deleted users are left out.',
  })
  users(
    @Arg('search', () => String, { nullable: true }) search: string | null | undefined,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: RequestContext,
  ): Promise<Connection<User>> {
    ctx.requireViewer();
    const text = search ? parseArgument('search', searchInput, search) : '';
    // Deleted users are no one to find any more; their profiles stay for what points at them.
    const where: FilterQuery<User> = { deletedAt: null, ...(text ? { displayName: { $ilike: `%${escapeLike(text)}%` } } : {}) };
    return idConnection(ctx.em, { entity: User, where, order: 'asc' }, page);
  }

  @FieldResolver(() => String, { nullable: true, description: 'Visible to the user themself and to ADMINs; null for everyone else.' })
  @Directive('@shareable')
  async email(@Root() user: User, @Ctx() ctx: RequestContext): Promise<string | null> {
    if (!ctx.viewer) return null;
    if (ctx.viewer.userId === user.id) return user.email;
    const viewer = await ctx.loader(usersById).load(ctx.viewer.userId);
    return viewer?.role === UserRole.ADMIN ? user.email : null;
  }

  @Mutation(() => User)
  async updateProfile(@Arg('input', () => UpdateProfileInput) input: UpdateProfileInput, @Ctx() ctx: RequestContext): Promise<User> {
    const viewer = ctx.requireViewer();
    const changes = parseInput(updateProfileInput, input);
    const user = await ctx.loader(this.deps.existingUsers).load(viewer.userId);
    return ctx.transaction(async (em) => {
      em.assign(user, Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined)));
      recordProfileUpdated(em, user, viewer.userId);
      return user;
    });
  }

  @Mutation(() => User, { description: 'ADMIN only.' })
  async setUserRole(
    @Arg('userId', () => ID) userId: string,
    @Arg('role', () => UserRole) role: UserRole,
    @Ctx() ctx: RequestContext,
  ): Promise<User> {
    const viewer = ctx.requireViewer();
    const id = parseId(userId, 'userId');
    const admin = await ctx.loader(usersById).load(viewer.userId);
    if (admin?.role !== UserRole.ADMIN) throw forbidden('Only an ADMIN can change roles');
    const user = await ctx.loader(usersById).load(id);
    if (!user) throw notFound('User');
    user.role = role;
    await ctx.transaction(async (em) => {
      em.persist(user);
    });
    return user;
  }
}
