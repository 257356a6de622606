import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** The users subgraph's `User`, to which this subgraph adds `projects`. */
@ObjectType('User')
@Directive('@key(fields: "id")')
export class UserReference {
  @Field(() => ID)
  id!: string;
}
