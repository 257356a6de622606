import { Migration } from '@mikro-orm/migrations';

export class Migration20261201081445 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create type "email_status" as enum ('pending', 'sending', 'sent', 'dead');`);
    this.addSql(
      `create table "email_deliveries" ("id" uuid not null, "notification_id" uuid null, "to_address" text null, "subject" text null, "text_body" text null, "html_body" text null, "status" "email_status" not null default 'pending', "attempts" int not null default 0, "next_attempt_at" timestamptz not null, "last_error" text null, "message_id" text null, "created_at" timestamptz not null, "sent_at" timestamptz null, constraint "email_deliveries_pkey" primary key ("id"));`,
    );
    this.addSql(`alter table "email_deliveries" add constraint "email_deliveries_notification_id_unique" unique ("notification_id");`);
    this.addSql(`create index "email_deliveries_due" on "email_deliveries" ("next_attempt_at") where "status" = 'pending';`);

    this.addSql(
      `create table "notification_preferences" ("user_id" uuid not null, "kind" "notification_kind" not null, "channels" text[] not null, constraint "notification_preferences_pkey" primary key ("user_id", "kind"));`,
    );

    this.addSql(`alter type "notification_kind" add value if not exists 'PROJECT_INVITED' after 'PROJECT_MEMBER_ADDED';`);

    this.addSql(`alter table "notifications" add column "in_app" boolean not null default true;`);

    // Users registered before this keep no address here: their `user.registered` is not sent again.
    this.addSql(`alter table "user_names" add column "email" text null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "email_deliveries" cascade;`);

    this.addSql(`drop table if exists "notification_preferences" cascade;`);

    this.addSql(`alter table "notifications" drop column "in_app";`);

    this.addSql(`alter table "user_names" drop column "email";`);

    this.addSql(`drop type "email_status";`);
  }
}
