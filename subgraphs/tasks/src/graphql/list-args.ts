import { PageArgs } from '@taskgraph/kit';
import { ArgsType, Field } from 'type-graphql';
import { TaskFilter, TaskOrder } from './inputs.js';

@ArgsType()
export class TaskListArgs extends PageArgs {
  @Field(() => TaskFilter, { nullable: true })
  filter?: TaskFilter | null;

  @Field(() => TaskOrder, { nullable: true, description: 'Default: CREATED_AT DESC; ties are broken by id.' })
  orderBy?: TaskOrder | null;
}
