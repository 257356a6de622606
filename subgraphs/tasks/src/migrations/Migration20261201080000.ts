import { Migration } from '@mikro-orm/migrations';

export class Migration20261201080000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "tasks" add column "position" text collate "C" null;`);
    // Existing cards keep their creation order in each column. Their ranks are valid
    // fractional-indexing keys: "d" and four base-62 digits (the integer part of a key of that
    // length), enough for 62^4 cards per column; later moves place keys between or after them.
    this.addSql(`update "tasks" set "position" = ranked.position from (
      select id, 'd' || (
        select string_agg(substr('0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz', ((n / (62 ^ (3 - i))::bigint) % 62)::int + 1, 1), '' order by i)
        from generate_series(0, 3) as i
      ) as position
      from (select id, row_number() over (partition by project_id, status order by created_at, id) - 1 as n from "tasks") as numbered
    ) as ranked where ranked.id = "tasks".id;`);
    this.addSql(`alter table "tasks" alter column "position" set not null;`);
    this.addSql(
      `alter table "tasks" add constraint "tasks_project_id_status_position_unique" unique ("project_id", "status", "position");`,
    );

    this.addSql(`alter table "comments" add column "updated_at" timestamptz null, add column "edited_at" timestamptz null;`);
    this.addSql(`update "comments" set "updated_at" = "created_at";`);
    this.addSql(`alter table "comments" alter column "updated_at" set not null;`);

    this.addSql(
      `create table "labels" ("id" uuid not null, "project_id" uuid not null, "name" text not null, "color" text not null, constraint "labels_pkey" primary key ("id"));`,
    );
    this.addSql(`create unique index "labels_project_id_name_unique" on "labels" ("project_id", lower("name"));`);

    this.addSql(
      `create table "task_labels" ("task_id" uuid not null, "label_id" uuid not null, constraint "task_labels_pkey" primary key ("task_id", "label_id"));`,
    );
    this.addSql(`create index "task_labels_label_id_index" on "task_labels" ("label_id");`);
    this.addSql(
      `alter table "task_labels" add constraint "task_labels_task_id_foreign" foreign key ("task_id") references "tasks" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "task_labels" add constraint "task_labels_label_id_foreign" foreign key ("label_id") references "labels" ("id") on update cascade on delete cascade;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "task_labels" cascade;`);
    this.addSql(`drop table if exists "labels" cascade;`);
    this.addSql(`alter table "comments" drop column "updated_at", drop column "edited_at";`);
    this.addSql(`alter table "tasks" drop constraint "tasks_project_id_status_position_unique";`);
    this.addSql(`alter table "tasks" drop column "position";`);
  }
}
