import { Migration } from '@mikro-orm/migrations';

export class Migration20261121050447 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create type "project_role" as enum ('OWNER', 'ADMIN', 'MEMBER', 'VIEWER');`);
    this.addSql(`create type "task_status" as enum ('TODO', 'IN_PROGRESS', 'IN_REVIEW', 'DONE', 'CANCELLED');`);
    this.addSql(`create type "task_priority" as enum ('LOW', 'MEDIUM', 'HIGH', 'URGENT');`);
    this.addSql(
      `create table "member_replicas" ("project_id" uuid not null, "user_id" uuid not null, "role" "project_role" not null, constraint "member_replicas_pkey" primary key ("project_id", "user_id"));`,
    );
    this.addSql(`create index "member_replicas_user_id_project_id_index" on "member_replicas" ("user_id", "project_id");`);

    this.addSql(
      `create table "outbox_events" ("id" uuid not null, "type" text not null, "envelope" jsonb not null, "created_at" timestamptz not null, "published_at" timestamptz null, constraint "outbox_events_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "outbox_events_unpublished" on "outbox_events" ("id") where "published_at" is null;`);

    this.addSql(
      `create table "processed_events" ("consumer" text not null, "event_id" uuid not null, "processed_at" timestamptz not null, constraint "processed_events_pkey" primary key ("consumer", "event_id"));`,
    );

    this.addSql(
      `create table "project_replicas" ("id" uuid not null, "archived_at" timestamptz null, constraint "project_replicas_pkey" primary key ("id"));`,
    );

    this.addSql(
      `create table "tasks" ("id" uuid not null, "project_id" uuid not null, "title" text not null, "description" text null, "status" "task_status" not null default 'TODO', "priority" "task_priority" not null default 'MEDIUM', "due_at" timestamptz null, "assignee_id" uuid null, "reporter_id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "completed_at" timestamptz null, constraint "tasks_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "tasks_assignee_id_created_at_id_index" on "tasks" ("assignee_id", "created_at", "id");`);
    this.addSql(`create index "tasks_project_id_created_at_id_index" on "tasks" ("project_id", "created_at", "id");`);

    this.addSql(
      `create table "comments" ("id" uuid not null, "task_id" uuid not null, "author_id" uuid not null, "body" text not null, "created_at" timestamptz not null, constraint "comments_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "comments_task_id_created_at_id_index" on "comments" ("task_id", "created_at", "id");`);

    this.addSql(
      `alter table "comments" add constraint "comments_task_id_foreign" foreign key ("task_id") references "tasks" ("id") on update cascade on delete cascade;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "comments" drop constraint "comments_task_id_foreign";`);

    this.addSql(`drop table if exists "member_replicas" cascade;`);

    this.addSql(`drop table if exists "outbox_events" cascade;`);

    this.addSql(`drop table if exists "processed_events" cascade;`);

    this.addSql(`drop table if exists "project_replicas" cascade;`);

    this.addSql(`drop table if exists "tasks" cascade;`);

    this.addSql(`drop table if exists "comments" cascade;`);

    this.addSql(`drop type "project_role";`);
    this.addSql(`drop type "task_status";`);
    this.addSql(`drop type "task_priority";`);
  }
}
