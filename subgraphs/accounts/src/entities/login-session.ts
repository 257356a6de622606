import { Entity, Index, ManyToOne, PrimaryKey, Property, type Rel } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { Account } from './account.js';

/**
 * A login: what the sessions list shows. Its id is the family id of its refresh tokens and
 * the `sid` of its access tokens. Open while neither revoked nor past `expiresAt` (when its
 * latest refresh token expires).
 */
@ObjectType('Session')
@Entity({ tableName: 'sessions' })
@Index({ properties: ['account', 'createdAt'] })
export class LoginSession {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string;

  @ManyToOne(() => Account, { deleteRule: 'cascade' })
  account: Rel<Account>;

  @Field(() => String, { nullable: true, description: 'The User-Agent the client sent when signing in.' })
  @Property({ type: 'text', nullable: true })
  userAgent: string | null;

  @Field(() => Date)
  @Property({ type: 'timestamptz' })
  createdAt: Date;

  @Field(() => Date, { description: 'The sign-in, or the latest refresh.' })
  @Property({ type: 'timestamptz' })
  lastUsedAt: Date;

  @Property({ type: 'timestamptz' })
  expiresAt: Date;

  @Property({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null = null;

  constructor(id: string, account: Account, userAgent: string | null, expiresAt: Date) {
    this.id = id;
    this.account = account;
    this.userAgent = userAgent;
    this.expiresAt = expiresAt;
    this.createdAt = new Date();
    this.lastUsedAt = this.createdAt;
  }
}
