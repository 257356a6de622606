import { Migration } from '@mikro-orm/migrations';

export class Migration20261201104055 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "invitations" ("id" uuid not null, "project_id" uuid not null, "email" text not null, "role" "project_role" not null, "invited_by" uuid not null, "token_hash" text not null, "created_at" timestamptz not null, "expires_at" timestamptz not null, "accepted_at" timestamptz null, "accepted_by" uuid null, "revoked_at" timestamptz null, constraint "invitations_pkey" primary key ("id"));`,
    );
    this.addSql(`alter table "invitations" add constraint "invitations_token_hash_unique" unique ("token_hash");`);
    this.addSql(`create index "invitations_project_id_email_index" on "invitations" ("project_id", "email");`);

    this.addSql(
      `create table "verified_emails" ("user_id" uuid not null, "email" text not null, constraint "verified_emails_pkey" primary key ("user_id"));`,
    );

    this.addSql(
      `alter table "invitations" add constraint "invitations_project_id_foreign" foreign key ("project_id") references "projects" ("id") on update cascade on delete cascade;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "invitations" cascade;`);

    this.addSql(`drop table if exists "verified_emails" cascade;`);
  }
}
