import { ForeignKeyConstraintViolationException, UniqueConstraintViolationException } from '@mikro-orm/core';
import { conflict, parseArgument, parseInput, type RequestContext, unauthenticated } from '@taskgraph/kit';
import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { EmailVerifications } from '../email-verifications.js';
import { Account } from '../entities/account.js';
import { recordUserRegistered } from '../events/publish.js';
import type { LoginLimiter } from '../login-limiter.js';
import { decoyHash, hashPassword, verifyPassword } from '../passwords.js';
import { reauthenticate } from '../reauthenticate.js';
import type { Session, Sessions } from '../sessions.js';
import { AuthPayload } from './auth-payload.js';
import { LoginInput, loginInput, newPassword, RegisterInput, registerInput } from './inputs.js';

const toPayload = ({ accessToken, accessTokenExpiresAt, refreshToken, account }: Session): AuthPayload => ({
  accessToken,
  accessTokenExpiresAt,
  refreshToken,
  user: { id: account.id, displayName: account.displayName, email: account.email },
});

const wrongCredentials = () => unauthenticated('Wrong email or password');

@Resolver()
export class AuthResolver {
  constructor(private readonly deps: { sessions: Sessions; limiter: LoginLimiter; verifications: EmailVerifications }) {}

  @Mutation(() => AuthPayload)
  async register(@Arg('input', () => RegisterInput) input: RegisterInput, @Ctx() ctx: RequestContext): Promise<AuthPayload> {
    const { email, password, displayName } = parseInput(registerInput, input);
    if (await ctx.em.count(Account, { email })) throw conflict('Email is already registered');
    const passwordHash = await hashPassword(password);
    try {
      const session = await ctx.transaction(async (em) => {
        const account = new Account(email, passwordHash, displayName);
        em.persist(account);
        recordUserRegistered(em, account);
        this.deps.verifications.send(em, account);
        return this.deps.sessions.start(em, account, ctx.userAgent);
      });
      return toPayload(session);
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) throw conflict('Email is already registered');
      throw error;
    }
  }

  @Mutation(() => AuthPayload)
  async login(@Arg('input', () => LoginInput) input: LoginInput, @Ctx() ctx: RequestContext): Promise<AuthPayload> {
    const { email, password } = parseInput(loginInput, input);
    await this.deps.limiter.attempt(email, ctx.clientAddress);
    const account = await ctx.em.findOne(Account, { email });
    const valid = await verifyPassword(account?.passwordHash ?? (await decoyHash), password);
    if (!account || !valid) throw wrongCredentials();
    await this.deps.limiter.succeeded(email, ctx.clientAddress);
    try {
      return toPayload(await ctx.transaction((em) => this.deps.sessions.start(em, account, ctx.userAgent)));
    } catch (error) {
      // The account was deleted while its password was being checked.
      if (error instanceof ForeignKeyConstraintViolationException) throw wrongCredentials();
      throw error;
    }
  }

  @Mutation(() => AuthPayload)
  async refreshToken(@Arg('refreshToken', () => String) refreshToken: string, @Ctx() ctx: RequestContext): Promise<AuthPayload> {
    return toPayload(await this.deps.sessions.refresh(ctx, refreshToken));
  }

  @Mutation(() => Boolean)
  logout(@Arg('refreshToken', () => String) refreshToken: string, @Ctx() ctx: RequestContext): Promise<boolean> {
    return this.deps.sessions.end(ctx, refreshToken);
  }

  @Mutation(() => Boolean)
  async changePassword(
    @Arg('currentPassword', () => String) currentPassword: string,
    @Arg('newPassword', () => String) password: string,
    @Ctx() ctx: RequestContext,
  ): Promise<boolean> {
    ctx.requireViewer();
    const replacement = parseArgument('newPassword', newPassword, password);
    const account = await reauthenticate(ctx, this.deps.limiter, currentPassword, 'currentPassword');
    account.passwordHash = await hashPassword(replacement);
    const revoked = await ctx.transaction(async (em) => {
      em.persist(account);
      return this.deps.sessions.endAll(em, account);
    });
    await ctx.inForce([revoked]);
    return true;
  }
}
