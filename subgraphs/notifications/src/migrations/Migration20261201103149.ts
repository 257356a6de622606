import { Migration } from '@mikro-orm/migrations';

export class Migration20261201103149 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "email_deliveries" add column "source_event_id" uuid null;`);
    this.addSql(`alter table "email_deliveries" add constraint "email_deliveries_source_event_id_unique" unique ("source_event_id");`);

    this.addSql(`alter table "user_names" add column "email_verified" boolean not null default false;`);
    this.addSql(`create index "user_names_email_index" on "user_names" ("email");`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "email_deliveries" drop constraint "email_deliveries_source_event_id_unique";`);
    this.addSql(`alter table "email_deliveries" drop column "source_event_id";`);

    this.addSql(`drop index "user_names_email_index";`);
    this.addSql(`alter table "user_names" drop column "email_verified";`);
  }
}
