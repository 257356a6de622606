import { Entity, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { newId } from '@taskgraph/kit';

@Entity({ tableName: 'accounts' })
export class Account {
  /** Also the user's id in every other subgraph. */
  @PrimaryKey({ type: 'uuid' })
  id: string = newId();

  /** Normalised: trimmed and lower-cased. */
  @Property({ type: 'text' })
  @Unique()
  email: string;

  @Property({ type: 'text', hidden: true })
  passwordHash: string;

  /** A copy of the profile's name, kept current from user.profile_updated, so auth payloads can show it. */
  @Property({ type: 'text' })
  displayName: string;

  /** When the owner of the address followed a verification link; null until then. */
  @Property({ type: 'timestamptz', nullable: true })
  emailVerifiedAt: Date | null = null;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz', onUpdate: () => new Date() })
  updatedAt: Date = new Date();

  constructor(email: string, passwordHash: string, displayName: string) {
    this.email = email;
    this.passwordHash = passwordHash;
    this.displayName = displayName;
  }
}
