import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/** A user's display name, from the users' events: what notification messages call the actor. */
@Entity({ tableName: 'user_names' })
export class UserName {
  @PrimaryKey({ type: 'uuid' })
  id: string;

  @Property({ type: 'text' })
  displayName: string;

  constructor(id: string, displayName: string) {
    this.id = id;
    this.displayName = displayName;
  }
}
