import { notFound, parseId, type RequestContext, sessionRevoked } from '@taskgraph/kit';
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Account } from '../entities/account.js';
import { LoginSession } from '../entities/login-session.js';
import type { Sessions } from '../sessions.js';

@Resolver(() => LoginSession)
export class SessionResolver {
  constructor(private readonly deps: { sessions: Sessions }) {}

  @Query(() => [LoginSession], { description: "The viewer's open sessions, newest first." })
  sessions(@Ctx() ctx: RequestContext): Promise<LoginSession[]> {
    const viewer = ctx.requireViewer();
    return ctx.em.find(
      LoginSession,
      { account: viewer.userId, revokedAt: null, expiresAt: { $gt: new Date() } },
      { orderBy: { createdAt: 'desc', id: 'desc' } },
    );
  }

  @FieldResolver(() => Boolean, { description: 'The session of the token that asks.' })
  current(@Root() session: LoginSession, @Ctx() ctx: RequestContext): boolean {
    return session.id === ctx.viewer?.sessionId;
  }

  @Mutation(() => Boolean, {
    description: "Ends one of the viewer's sessions: its refresh tokens, its access tokens, its live connections. Not theirs: NOT_FOUND.",
  })
  async revokeSession(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<boolean> {
    const viewer = ctx.requireViewer();
    if (!(await this.deps.sessions.endOne(ctx, viewer.userId, parseId(id)))) throw notFound('Session');
    return true;
  }

  @Mutation(() => Int, { description: "Ends every session of the viewer's but the current one; returns how many." })
  async logoutOtherSessions(@Ctx() ctx: RequestContext): Promise<number> {
    const viewer = ctx.requireViewer();
    const account = await ctx.em.findOneOrFail(
      Account,
      { id: viewer.userId },
      { failHandler: () => sessionRevoked('This account no longer exists') },
    );
    return this.deps.sessions.endOthers(ctx, account, viewer.sessionId);
  }
}
