import { emailAddress as email } from '@taskgraph/kit';
import { Field, InputType } from 'type-graphql';
import { z } from 'zod';
export const newPassword = z.string().min(10, 'must be at least 10 characters').max(256, 'must be at most 256 characters');
export const displayName = z.string().trim().min(1, 'must not be empty').max(80, 'must be at most 80 characters');

@InputType()
export class RegisterInput {
  @Field(() => String)
  email!: string;

  @Field(() => String)
  password!: string;

  @Field(() => String)
  displayName!: string;
}

export const registerInput = z.object({ email, password: newPassword, displayName });

@InputType()
export class LoginInput {
  @Field(() => String)
  email!: string;

  @Field(() => String)
  password!: string;
}

/** Login input is only bounded, not judged: a malformed email is just a wrong one. */
export const loginInput = z.object({
  email: z.string().trim().toLowerCase().max(254, 'must be at most 254 characters'),
  password: z.string().max(256, 'must be at most 256 characters'),
});
