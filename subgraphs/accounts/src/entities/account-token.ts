import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property, type Rel, Unique } from '@mikro-orm/core';
import { newId } from '@taskgraph/kit';
import { Account } from './account.js';

export enum TokenPurpose {
  PASSWORD_RESET = 'password_reset',
  EMAIL_VERIFICATION = 'email_verification',
}

/** The token of an emailed link: single-use, expiring, kept only as its SHA-256. */
@Entity({ tableName: 'account_tokens' })
@Index({ properties: ['account', 'purpose'] })
export class AccountToken {
  @PrimaryKey({ type: 'uuid' })
  id: string = newId();

  @ManyToOne(() => Account, { deleteRule: 'cascade' })
  account: Rel<Account>;

  @Enum({ items: () => TokenPurpose, nativeEnumName: 'token_purpose' })
  purpose: TokenPurpose;

  @Property({ type: 'text' })
  @Unique()
  tokenHash: string;

  @Property({ type: 'timestamptz' })
  expiresAt: Date;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  /** Used, or made void by the use of another of the same purpose. */
  @Property({ type: 'timestamptz', nullable: true })
  usedAt: Date | null = null;

  constructor(account: Account, purpose: TokenPurpose, tokenHash: string, expiresAt: Date) {
    this.account = account;
    this.purpose = purpose;
    this.tokenHash = tokenHash;
    this.expiresAt = expiresAt;
  }
}
