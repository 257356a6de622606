import { Migration } from '@mikro-orm/migrations';

export class Migration20261121052233 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create type "task_event_kind" as enum ('CREATED', 'UPDATED', 'ASSIGNED', 'STATUS_CHANGED', 'COMPLETED', 'COMMENTED', 'DELETED');`,
    );
    this.addSql(`create type "project_role" as enum ('OWNER', 'ADMIN', 'MEMBER', 'VIEWER');`);
    this.addSql(
      `create type "notification_kind" as enum ('TASK_ASSIGNED', 'TASK_STATUS_CHANGED', 'TASK_COMPLETED', 'TASK_COMMENTED', 'TASK_DUE_SOON', 'PROJECT_MEMBER_ADDED');`,
    );
    this.addSql(
      `create table "activity_items" ("id" uuid not null, "project_id" uuid not null, "kind" "task_event_kind" not null, "task_id" uuid not null, "actor_id" uuid null, "occurred_at" timestamptz not null, constraint "activity_items_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "activity_items_project_id_id_index" on "activity_items" ("project_id", "id");`);

    this.addSql(
      `create table "member_replicas" ("project_id" uuid not null, "user_id" uuid not null, "role" "project_role" not null, constraint "member_replicas_pkey" primary key ("project_id", "user_id"));`,
    );
    this.addSql(`create index "member_replicas_user_id_project_id_index" on "member_replicas" ("user_id", "project_id");`);

    this.addSql(
      `create table "notifications" ("id" uuid not null, "recipient_id" uuid not null, "kind" "notification_kind" not null, "message" text not null, "task_id" uuid null, "project_id" uuid null, "actor_id" uuid null, "source_event_id" uuid not null, "read_at" timestamptz null, "created_at" timestamptz not null, constraint "notifications_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "notifications_unread" on "notifications" ("recipient_id") where "read_at" is null;`);
    this.addSql(`create index "notifications_recipient_id_id_index" on "notifications" ("recipient_id", "id");`);
    this.addSql(
      `alter table "notifications" add constraint "notifications_source_event_id_recipient_id_unique" unique ("source_event_id", "recipient_id");`,
    );

    this.addSql(
      `create table "outbox_events" ("id" uuid not null, "type" text not null, "envelope" jsonb not null, "created_at" timestamptz not null, "published_at" timestamptz null, constraint "outbox_events_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "outbox_events_unpublished" on "outbox_events" ("id") where "published_at" is null;`);

    this.addSql(
      `create table "processed_events" ("consumer" text not null, "event_id" uuid not null, "processed_at" timestamptz not null, constraint "processed_events_pkey" primary key ("consumer", "event_id"));`,
    );

    this.addSql(
      `create table "project_replicas" ("id" uuid not null, "name" text not null default '', "archived_at" timestamptz null, constraint "project_replicas_pkey" primary key ("id"));`,
    );

    this.addSql(
      `create table "user_names" ("id" uuid not null, "display_name" text not null, constraint "user_names_pkey" primary key ("id"));`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "activity_items" cascade;`);

    this.addSql(`drop table if exists "member_replicas" cascade;`);

    this.addSql(`drop table if exists "notifications" cascade;`);

    this.addSql(`drop table if exists "outbox_events" cascade;`);

    this.addSql(`drop table if exists "processed_events" cascade;`);

    this.addSql(`drop table if exists "project_replicas" cascade;`);

    this.addSql(`drop table if exists "user_names" cascade;`);

    this.addSql(`drop type "task_event_kind";`);
    this.addSql(`drop type "project_role";`);
    this.addSql(`drop type "notification_kind";`);
  }
}
