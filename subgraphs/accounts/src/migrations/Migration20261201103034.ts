import { Migration } from '@mikro-orm/migrations';

export class Migration20261201103034 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create type "token_purpose" as enum ('password_reset', 'email_verification');`);
    this.addSql(
      `create table "account_tokens" ("id" uuid not null, "account_id" uuid not null, "purpose" "token_purpose" not null, "token_hash" text not null, "expires_at" timestamptz not null, "created_at" timestamptz not null, "used_at" timestamptz null, constraint "account_tokens_pkey" primary key ("id"));`,
    );
    this.addSql(`alter table "account_tokens" add constraint "account_tokens_token_hash_unique" unique ("token_hash");`);
    this.addSql(`create index "account_tokens_account_id_purpose_index" on "account_tokens" ("account_id", "purpose");`);

    this.addSql(
      `create table "sessions" ("id" uuid not null, "account_id" uuid not null, "user_agent" text null, "created_at" timestamptz not null, "last_used_at" timestamptz not null, "expires_at" timestamptz not null, "revoked_at" timestamptz null, constraint "sessions_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "sessions_account_id_created_at_index" on "sessions" ("account_id", "created_at");`);

    this.addSql(
      `alter table "account_tokens" add constraint "account_tokens_account_id_foreign" foreign key ("account_id") references "accounts" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "sessions" add constraint "sessions_account_id_foreign" foreign key ("account_id") references "accounts" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(`alter table "accounts" add column "email_verified_at" timestamptz null;`);

    // Logins made before sessions were listed: one session per refresh token family, open while its tokens are.
    this.addSql(`insert into "sessions" ("id", "account_id", "user_agent", "created_at", "last_used_at", "expires_at", "revoked_at")
      select "family_id", "account_id", null, min("created_at"), max("created_at"), max("expires_at"),
        case when bool_and("revoked_at" is not null) then max("revoked_at") end
      from "refresh_tokens" group by "family_id", "account_id";`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "account_tokens" cascade;`);

    this.addSql(`drop table if exists "sessions" cascade;`);

    this.addSql(`alter table "accounts" drop column "email_verified_at";`);

    this.addSql(`drop type "token_purpose";`);
  }
}
