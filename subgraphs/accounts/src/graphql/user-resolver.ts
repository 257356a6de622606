import { loaderById, parseId, type RequestContext } from '@taskgraph/kit';
import { Ctx, Directive, FieldResolver, Resolver, Root } from 'type-graphql';
import { Account } from '../entities/account.js';
import { UserReference } from './stubs.js';

const accountsById = loaderById(Account);

@Resolver(() => UserReference)
export class UserEmailResolver {
  /**
   * Visible exactly where `email` is (the user themself and ADMINs): the users subgraph, which
   * knows platform roles, resolves `email` for the viewer first, and the answer is given only
   * when that is the account's own address. So the rule is written once, where roles live, and
   * a representation sent with a made-up email gets null.
   */
  @FieldResolver(() => Boolean, { nullable: true, description: 'Like email: the user themself and ADMINs only, null for everyone else.' })
  @Directive('@requires(fields: "email")')
  async emailVerified(@Root() user: UserReference, @Ctx() ctx: RequestContext): Promise<boolean | null> {
    if (!user.email) return null;
    const account = await ctx.loader(accountsById).load(parseId(user.id));
    return account?.email === user.email ? account.emailVerifiedAt !== null : null;
  }
}
