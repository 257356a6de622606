import { Migration } from '@mikro-orm/migrations';

export class Migration20261121052127 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "project_replicas" add column "name" text not null default '';`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "project_replicas" drop column "name";`);
  }
}
