import { Field, InputType } from 'type-graphql';
import { z } from 'zod';

const timeZones = new Set([...Intl.supportedValuesOf('timeZone'), 'UTC']);

@InputType()
export class UpdateProfileInput {
  @Field(() => String, { nullable: true })
  displayName?: string | null;

  @Field(() => String, { nullable: true })
  avatarUrl?: string | null;

  @Field(() => String, { nullable: true })
  bio?: string | null;

  @Field(() => String, { nullable: true, description: 'IANA time zone name, e.g. Europe/Paris' })
  timezone?: string | null;
}

/** A field left out stays as it is; null clears it (except the name, which every user has). */
export const updateProfileInput = z.object({
  displayName: z.string('must not be null').trim().min(1, 'must not be empty').max(80, 'must be at most 80 characters').optional(),
  avatarUrl: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
    .max(2048, 'must be at most 2048 characters')
    .nullable()
    .optional(),
  bio: z.string().trim().max(1000, 'must be at most 1000 characters').nullable().optional(),
  timezone: z
    .string()
    .refine((zone) => timeZones.has(zone), 'must be an IANA time zone name, e.g. Europe/Paris')
    .nullable()
    .optional(),
});

export const searchInput = z.string().trim().max(100, 'must be at most 100 characters');
