import { Migration } from '@mikro-orm/migrations';

export class Migration20261121050209 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create type "project_role" as enum ('OWNER', 'ADMIN', 'MEMBER', 'VIEWER');`);
    this.addSql(
      `create table "known_users" ("id" uuid not null, "registered_at" timestamptz not null, constraint "known_users_pkey" primary key ("id"));`,
    );

    this.addSql(
      `create table "outbox_events" ("id" uuid not null, "type" text not null, "envelope" jsonb not null, "created_at" timestamptz not null, "published_at" timestamptz null, constraint "outbox_events_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "outbox_events_unpublished" on "outbox_events" ("id") where "published_at" is null;`);

    this.addSql(
      `create table "processed_events" ("consumer" text not null, "event_id" uuid not null, "processed_at" timestamptz not null, constraint "processed_events_pkey" primary key ("consumer", "event_id"));`,
    );

    this.addSql(
      `create table "projects" ("id" uuid not null, "name" text not null, "description" text null, "owner_id" uuid not null, "archived_at" timestamptz null, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "projects_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "projects_owner_id_index" on "projects" ("owner_id");`);

    this.addSql(
      `create table "memberships" ("project_id" uuid not null, "user_id" uuid not null, "role" "project_role" not null, "added_at" timestamptz not null, constraint "memberships_pkey" primary key ("project_id", "user_id"));`,
    );
    this.addSql(`create index "memberships_user_id_project_id_index" on "memberships" ("user_id", "project_id");`);

    this.addSql(
      `alter table "memberships" add constraint "memberships_project_id_foreign" foreign key ("project_id") references "projects" ("id") on update cascade on delete cascade;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "memberships" drop constraint "memberships_project_id_foreign";`);

    this.addSql(`drop table if exists "known_users" cascade;`);

    this.addSql(`drop table if exists "outbox_events" cascade;`);

    this.addSql(`drop table if exists "processed_events" cascade;`);

    this.addSql(`drop table if exists "projects" cascade;`);

    this.addSql(`drop table if exists "memberships" cascade;`);

    this.addSql(`drop type "project_role";`);
  }
}
