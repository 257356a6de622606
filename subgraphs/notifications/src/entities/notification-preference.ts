import { Entity, Enum, PrimaryKey } from '@mikro-orm/core';
import { NotificationChannel } from '../channels.js';
import { NotificationKind } from '../kinds.js';

/** A kind a user chose the channels of; kinds without a row get the defaults (see channels.ts). */
@Entity({ tableName: 'notification_preferences' })
export class NotificationPreference {
  @PrimaryKey({ type: 'uuid' })
  userId: string;

  @Enum({ items: () => NotificationKind, nativeEnumName: 'notification_kind', primary: true })
  kind: NotificationKind;

  /** Empty: not notified of this kind at all. */
  @Enum({ items: () => NotificationChannel, array: true })
  channels: NotificationChannel[];

  constructor(userId: string, kind: NotificationKind, channels: NotificationChannel[]) {
    this.userId = userId;
    this.kind = kind;
    this.channels = channels;
  }
}
