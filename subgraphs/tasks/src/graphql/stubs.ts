import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** The projects subgraph's `Project`, to which this subgraph adds `tasks`. */
@ObjectType('Project')
@Directive('@key(fields: "id")')
export class ProjectReference {
  @Field(() => ID)
  id!: string;
}

/** The users subgraph's `User`, to which this subgraph adds `assignedTasks`. */
@ObjectType('User')
@Directive('@key(fields: "id")')
export class UserReference {
  @Field(() => ID)
  id!: string;
}
