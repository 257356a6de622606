import { Migration } from '@mikro-orm/migrations';

export class Migration20261201102900 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "users" add column "deleted_at" timestamptz null;`);
    this.addSql(`alter table "users" alter column "email" drop not null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "users" drop column "deleted_at";`);
    this.addSql(`alter table "users" alter column "email" set not null;`);
  }
}
