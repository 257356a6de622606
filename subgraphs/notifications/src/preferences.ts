import type { EntityManager } from '@mikro-orm/postgresql';
import { allKinds, defaultChannels, type NotificationChannel } from './channels.js';
import { NotificationPreference } from './entities/notification-preference.js';
import type { NotificationKind } from './kinds.js';

/** Every kind with the channels a user gets it by: their choice where they made one, else the default. */
export async function preferencesOf(em: EntityManager, userId: string): Promise<Map<NotificationKind, readonly NotificationChannel[]>> {
  const chosen = await em.find(NotificationPreference, { userId });
  const byKind = new Map(chosen.map((preference) => [preference.kind, preference.channels]));
  return new Map(allKinds.map((kind) => [kind, byKind.get(kind) ?? defaultChannels[kind]]));
}

/** The channels one user gets one kind by. */
export async function channelsFor(em: EntityManager, userId: string, kind: NotificationKind): Promise<readonly NotificationChannel[]> {
  const chosen = await em.findOne(NotificationPreference, { userId, kind });
  return chosen?.channels ?? defaultChannels[kind];
}
