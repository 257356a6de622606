import { Entity, Index, ManyToOne, PrimaryKey, Property, type Rel, Unique } from '@mikro-orm/core';
import { newId } from '@taskgraph/kit';
import { Account } from './account.js';

/**
 * One refresh token. Tokens of one login form a family: each use replaces the token with the
 * next one of the family, and a second use of a replaced token revokes the whole family.
 */
@Entity({ tableName: 'refresh_tokens' })
export class RefreshToken {
  @PrimaryKey({ type: 'uuid' })
  id: string = newId();

  @ManyToOne(() => Account, { deleteRule: 'cascade' })
  @Index()
  account: Rel<Account>;

  @Property({ type: 'uuid' })
  @Index()
  familyId: string;

  /** SHA-256 of the token: a leaked table gives no usable tokens. */
  @Property({ type: 'text' })
  @Unique()
  tokenHash: string;

  @Property({ type: 'timestamptz' })
  expiresAt: Date;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  /** When it was exchanged for its successor. */
  @Property({ type: 'timestamptz', nullable: true })
  usedAt: Date | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null = null;

  constructor(account: Account, familyId: string, tokenHash: string, expiresAt: Date) {
    this.account = account;
    this.familyId = familyId;
    this.tokenHash = tokenHash;
    this.expiresAt = expiresAt;
  }
}
