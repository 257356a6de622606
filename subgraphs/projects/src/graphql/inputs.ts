import { Field, InputType } from 'type-graphql';
import { z } from 'zod';

const name = z.string('must not be null').trim().min(1, 'must not be empty').max(120, 'must be at most 120 characters');
const description = z
  .string()
  .trim()
  .max(5000, 'must be at most 5000 characters')
  .transform((text) => text || null)
  .nullable();

@InputType()
export class CreateProjectInput {
  @Field(() => String, { description: '1 to 120 characters' })
  name!: string;

  @Field(() => String, { nullable: true })
  description?: string | null;
}

export const createProjectInput = z.object({ name, description: description.optional().transform((text) => text ?? null) });

@InputType()
export class UpdateProjectInput {
  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => String, { nullable: true })
  description?: string | null;
}

/** A field left out stays as it is; a null description clears it. */
export const updateProjectInput = z.object({ name: name.optional(), description: description.optional() });
