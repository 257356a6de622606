import { Directive, Field, ID, ObjectType } from 'type-graphql';

@ObjectType('Task')
@Directive('@key(fields: "id", resolvable: false)')
export class TaskReference {
  @Field(() => ID)
  id!: string;
}

/** The projects subgraph's `Project`, to which this subgraph adds `activity`. */
@ObjectType('Project')
@Directive('@key(fields: "id")')
export class ProjectReference {
  @Field(() => ID)
  id!: string;
}

@ObjectType('User')
@Directive('@key(fields: "id", resolvable: false)')
export class UserReference {
  @Field(() => ID)
  id!: string;
}
