import { Entity, Enum, PrimaryKey, Property } from '@mikro-orm/core';
import { Directive, Field, ID, ObjectType, registerEnumType } from 'type-graphql';

export enum UserRole {
  USER = 'USER',
  ADMIN = 'ADMIN',
}
registerEnumType(UserRole, { name: 'UserRole', description: 'Platform-wide role' });

/** A person's profile; its id is their account id. Stored and served as the `User` entity. */
@ObjectType('User')
@Directive('@key(fields: "id")')
@Entity({ tableName: 'users' })
export class User {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string;

  /** Served through a field resolver: only the user themself and ADMINs see it. Cleared when the account is deleted. */
  @Property({ type: 'text', nullable: true })
  email: string | null;

  /** Shareable: accounts provides it with auth payloads (see accounts' AuthPayload.user). */
  @Field(() => String)
  @Directive('@shareable')
  @Property({ type: 'text' })
  displayName: string;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  avatarUrl: string | null = null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  bio: string | null = null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  timezone: string | null = null;

  @Field(() => UserRole)
  @Enum({ items: () => UserRole, nativeEnumName: 'user_role' })
  role: UserRole = UserRole.USER;

  @Field(() => Date)
  @Property({ type: 'timestamptz' })
  createdAt: Date;

  @Property({ type: 'timestamptz', onUpdate: () => new Date() })
  updatedAt: Date = new Date();

  /** When the account was deleted: the profile is then anonymised, kept so that references to the id still resolve. */
  @Property({ type: 'timestamptz', nullable: true })
  deletedAt: Date | null = null;

  constructor(id: string, email: string, displayName: string, createdAt: Date) {
    this.id = id;
    this.email = email;
    this.displayName = displayName;
    this.createdAt = createdAt;
  }
}
