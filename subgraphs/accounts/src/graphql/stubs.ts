import { Directive, Field, ID, ObjectType } from 'type-graphql';

/**
 * The users subgraph owns `User`. Accounts knows a user's name and email from registration on,
 * and provides them with an auth payload: right after `register` the profile may still be on
 * its way through the event stream. It contributes `emailVerified`, a fact it owns.
 */
@ObjectType('User')
@Directive('@key(fields: "id")')
export class UserReference {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  @Directive('@external')
  displayName!: string;

  @Field(() => String, { nullable: true })
  @Directive('@external')
  email!: string | null;
}
