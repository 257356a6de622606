import { Migration } from '@mikro-orm/migrations';

export class Migration20261201080000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter type "task_event_kind" add value if not exists 'MOVED';`);
    this.addSql(`alter type "task_event_kind" add value if not exists 'COMMENT_UPDATED';`);
    this.addSql(`alter type "task_event_kind" add value if not exists 'COMMENT_DELETED';`);
  }

  override async down(): Promise<void> {
    // Postgres cannot drop an enum value; the extra kinds stay, unused.
  }
}
