import { Migration } from '@mikro-orm/migrations';

export class Migration20261121044531 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create type "user_role" as enum ('USER', 'ADMIN');`);
    this.addSql(
      `create table "outbox_events" ("id" uuid not null, "type" text not null, "envelope" jsonb not null, "created_at" timestamptz not null, "published_at" timestamptz null, constraint "outbox_events_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "outbox_events_unpublished" on "outbox_events" ("id") where "published_at" is null;`);

    this.addSql(
      `create table "processed_events" ("consumer" text not null, "event_id" uuid not null, "processed_at" timestamptz not null, constraint "processed_events_pkey" primary key ("consumer", "event_id"));`,
    );

    this.addSql(
      `create table "users" ("id" uuid not null, "email" text not null, "display_name" text not null, "avatar_url" text null, "bio" text null, "timezone" text null, "role" "user_role" not null default 'USER', "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "users_pkey" primary key ("id"));`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "outbox_events" cascade;`);

    this.addSql(`drop table if exists "processed_events" cascade;`);

    this.addSql(`drop table if exists "users" cascade;`);

    this.addSql(`drop type "user_role";`);
  }
}
