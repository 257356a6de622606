import { isId } from '@taskgraph/kit';
import { Field, ID, InputType, registerEnumType } from 'type-graphql';
import { z } from 'zod';
import { TaskPriority, TaskStatus } from '../entities/task.js';

export enum TaskOrderField {
  CREATED_AT = 'CREATED_AT',
  UPDATED_AT = 'UPDATED_AT',
  DUE_AT = 'DUE_AT',
  PRIORITY = 'PRIORITY',
  /** The board's manual order within a status column, as moveTask leaves it. */
  POSITION = 'POSITION',
}
registerEnumType(TaskOrderField, { name: 'TaskOrderField' });

export enum OrderDirection {
  ASC = 'ASC',
  DESC = 'DESC',
}
registerEnumType(OrderDirection, { name: 'OrderDirection' });

@InputType()
export class TaskFilter {
  @Field(() => [TaskStatus], { nullable: true })
  status?: TaskStatus[] | null;

  @Field(() => [TaskPriority], { nullable: true })
  priority?: TaskPriority[] | null;

  @Field(() => ID, { nullable: true })
  assigneeId?: string | null;

  @Field(() => Date, { nullable: true })
  dueBefore?: Date | null;

  @Field(() => Date, { nullable: true })
  dueAfter?: Date | null;

  @Field(() => String, { nullable: true, description: 'Case-insensitive match in title or description.' })
  search?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Only tasks with no assignee.' })
  unassigned?: boolean | null;

  @Field(() => ID, { nullable: true })
  reporterId?: string | null;

  @Field(() => [ID], { nullable: true, description: 'Tasks with any of these labels.' })
  labelIds?: string[] | null;
}

@InputType()
export class TaskOrder {
  @Field(() => TaskOrderField)
  field!: TaskOrderField;

  @Field(() => OrderDirection)
  direction!: OrderDirection;
}

const id = z.string().refine(isId, 'is not a valid id');
/** Ids, lower-cased and without repeats. */
const ids = z
  .array(id)
  .max(100, 'must list at most 100 ids')
  .transform((values) => [...new Set(values.map((value) => value.toLowerCase()))]);
const title = z.string('must not be null').trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters');
const description = z
  .string()
  .trim()
  .max(20_000, 'must be at most 20000 characters')
  .transform((text) => text || null)
  .nullable();

export const taskFilter = z
  .object({
    status: z.array(z.enum(TaskStatus)).nullish(),
    priority: z.array(z.enum(TaskPriority)).nullish(),
    assigneeId: id.nullish(),
    dueBefore: z.date().nullish(),
    dueAfter: z.date().nullish(),
    search: z.string().trim().max(200, 'must be at most 200 characters').nullish(),
    unassigned: z.boolean().nullish(),
    reporterId: id.nullish(),
    labelIds: ids.nullish(),
  })
  .refine((filter) => !(filter.dueBefore && filter.dueAfter && filter.dueAfter >= filter.dueBefore), {
    path: ['dueAfter'],
    message: 'must be before dueBefore',
  });

@InputType()
export class CreateTaskInput {
  @Field(() => ID)
  projectId!: string;

  @Field(() => String, { description: '1 to 200 characters' })
  title!: string;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => TaskPriority, { nullable: true, description: 'Default MEDIUM' })
  priority?: TaskPriority | null;

  @Field(() => Date, { nullable: true })
  dueAt?: Date | null;

  @Field(() => ID, { nullable: true, description: 'A member of the project who is not a VIEWER' })
  assigneeId?: string | null;

  @Field(() => TaskStatus, { nullable: true, description: 'Default TODO; the task goes last in its column.' })
  status?: TaskStatus | null;

  @Field(() => [ID], { nullable: true, description: 'Labels of the same project' })
  labelIds?: string[] | null;
}

export const createTaskInput = z.object({
  projectId: id,
  title,
  description: description.optional().transform((text) => text ?? null),
  priority: z
    .enum(TaskPriority)
    .nullish()
    .transform((priority) => priority ?? TaskPriority.MEDIUM),
  dueAt: z
    .date()
    .nullish()
    .transform((date) => date ?? null),
  assigneeId: id.nullish().transform((value) => value ?? null),
  status: z
    .enum(TaskStatus)
    .nullish()
    .transform((status) => status ?? TaskStatus.TODO),
  labelIds: ids.nullish().transform((values) => values ?? []),
});

export const labelIdList = ids;

@InputType()
export class UpdateTaskInput {
  @Field(() => String, { nullable: true })
  title?: string | null;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => TaskPriority, { nullable: true })
  priority?: TaskPriority | null;

  @Field(() => Date, { nullable: true })
  dueAt?: Date | null;
}

/** A field left out stays as it is; null clears description and dueAt. */
export const updateTaskInput = z.object({
  title: title.optional(),
  description: description.optional(),
  priority: z.enum(TaskPriority, 'must not be null').optional(),
  dueAt: z.date().nullable().optional(),
});

export const commentBody = z.string().trim().min(1, 'must not be empty').max(10_000, 'must be at most 10000 characters');

export const labelName = z.string().trim().min(1, 'must not be empty').max(50, 'must be at most 50 characters');
export const labelColor = z
  .string()
  .regex(/^#[0-9a-fA-F]{6}$/, 'must be a color as "#rrggbb"')
  .transform((color) => color.toLowerCase());
