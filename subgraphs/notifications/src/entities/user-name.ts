import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * A user's display name and email, from the users' events: what notification messages call the
 * actor, and where a recipient's emails go. The email comes with `user.registered`; users who
 * registered before it was kept have none here (no event repeats it) and get no email.
 */
@Entity({ tableName: 'user_names' })
export class UserName {
  @PrimaryKey({ type: 'uuid' })
  id: string;

  @Property({ type: 'text' })
  displayName: string;

  @Property({ type: 'text', nullable: true })
  email: string | null;

  constructor(id: string, displayName: string, email: string | null) {
    this.id = id;
    this.displayName = displayName;
    this.email = email;
  }
}
