import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * A user's display name and email, from the users' events: what notification messages call the
 * actor, and where a recipient's emails go. The email comes with `user.registered`; users who
 * registered before it was kept have none here (no event repeats it) and get no email.
 * Invitations to an address are shown in-app only to the user who verified it.
 */
@Entity({ tableName: 'user_names' })
export class UserName {
  @PrimaryKey({ type: 'uuid' })
  id: string;

  @Property({ type: 'text' })
  displayName: string;

  @Property({ type: 'text', nullable: true })
  @Index()
  email: string | null;

  /** From `user.email_verified`: the address is proven theirs, so invitations to it may be shown to them. */
  @Property({ type: 'boolean', default: false })
  emailVerified = false;

  constructor(id: string, displayName: string, email: string | null) {
    this.id = id;
    this.displayName = displayName;
    this.email = email;
  }
}
