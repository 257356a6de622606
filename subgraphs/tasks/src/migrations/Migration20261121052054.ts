import { Migration } from '@mikro-orm/migrations';

export class Migration20261121052054 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "tasks" add column "due_soon_notified_at" timestamptz null;`);
    this.addSql(
      `create index "tasks_due_soon_pending" on "tasks" ("due_at") where "due_soon_notified_at" is null and "assignee_id" is not null;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "tasks_due_soon_pending";`);
    this.addSql(`alter table "tasks" drop column "due_soon_notified_at";`);
  }
}
