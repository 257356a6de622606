import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/** A user's address, proven theirs (from `user.email_verified`): what an invitation to it is accepted with. */
@Entity({ tableName: 'verified_emails' })
export class VerifiedEmail {
  @PrimaryKey({ type: 'uuid' })
  userId: string;

  @Property({ type: 'text' })
  email: string;

  constructor(userId: string, email: string) {
    this.userId = userId;
    this.email = email;
  }
}
