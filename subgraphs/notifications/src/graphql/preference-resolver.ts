import { badUserInput, type RequestContext } from '@taskgraph/kit';
import { Arg, Ctx, Field, InputType, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import { NotificationChannel } from '../channels.js';
import { NotificationPreference as StoredPreference } from '../entities/notification-preference.js';
import { NotificationKind } from '../kinds.js';
import { preferencesOf } from '../preferences.js';

@ObjectType()
class NotificationPreference {
  @Field(() => NotificationKind)
  kind!: NotificationKind;

  @Field(() => [NotificationChannel], { description: 'Empty: not notified of that kind at all.' })
  channels!: NotificationChannel[];
}

@InputType()
class NotificationPreferenceInput {
  @Field(() => NotificationKind)
  kind!: NotificationKind;

  @Field(() => [NotificationChannel])
  channels!: NotificationChannel[];
}

/** Duplicates are refused rather than merged: a list naming a kind twice says two things at once. */
function checkPreferences(preferences: NotificationPreferenceInput[]): void {
  const fields: Record<string, string> = {};
  const kinds = new Set<NotificationKind>();
  preferences.forEach(({ kind, channels }, index) => {
    if (kinds.has(kind)) fields[`preferences.${index}.kind`] = `${kind} is listed more than once`;
    kinds.add(kind);
    if (new Set(channels).size !== channels.length) fields[`preferences.${index}.channels`] = 'lists a channel more than once';
  });
  if (Object.keys(fields).length) throw badUserInput(fields);
}

@Resolver()
export class NotificationPreferenceResolver {
  @Query(() => [NotificationPreference], { description: "The viewer's notification preferences: one entry for every NotificationKind." })
  async notificationPreferences(@Ctx() ctx: RequestContext): Promise<NotificationPreference[]> {
    const preferences = await preferencesOf(ctx.em, ctx.requireViewer().userId);
    return [...preferences].map(([kind, channels]) => ({ kind, channels: [...channels] }));
  }

  @Mutation(() => [NotificationPreference], { description: 'Sets the given kinds; the others keep theirs. Returns every kind.' })
  async updateNotificationPreferences(
    @Arg('preferences', () => [NotificationPreferenceInput]) preferences: NotificationPreferenceInput[],
    @Ctx() ctx: RequestContext,
  ): Promise<NotificationPreference[]> {
    const { userId } = ctx.requireViewer();
    checkPreferences(preferences);
    if (preferences.length) {
      await ctx.em.upsertMany(
        StoredPreference,
        preferences.map(({ kind, channels }) => ({ userId, kind, channels })),
      );
    }
    return this.notificationPreferences(ctx);
  }
}
