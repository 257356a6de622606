import { Field, Int, ObjectType } from 'type-graphql';
import { TaskStatus } from '../entities/task.js';

/** One column header of a board. */
@ObjectType()
export class TaskStatusCount {
  @Field(() => TaskStatus)
  status!: TaskStatus;

  @Field(() => Int)
  count!: number;
}
