import { Migration } from '@mikro-orm/migrations';

export class Migration20261201081136 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "outbox_events" add column "stream_seq" bigint null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "outbox_events" drop column "stream_seq";`);
  }
}
