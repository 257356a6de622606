import { Directive, Field, ObjectType } from 'type-graphql';
import { UserReference } from './stubs.js';

@ObjectType()
export class AuthPayload {
  @Field(() => String)
  accessToken!: string;

  @Field(() => String)
  refreshToken!: string;

  @Field(() => Date)
  accessTokenExpiresAt!: Date;

  @Field(() => UserReference)
  @Directive('@provides(fields: "displayName email")')
  user!: UserReference;
}
