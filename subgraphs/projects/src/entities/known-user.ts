import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/** A registered user, learnt from `user.registered`: who can be added to a project. */
@Entity({ tableName: 'known_users' })
export class KnownUser {
  @PrimaryKey({ type: 'uuid' })
  id: string;

  @Property({ type: 'timestamptz' })
  registeredAt: Date;

  constructor(id: string, registeredAt: Date) {
    this.id = id;
    this.registeredAt = registeredAt;
  }
}
