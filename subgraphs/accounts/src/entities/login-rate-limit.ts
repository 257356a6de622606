import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/** The counters of failed logins, in the table layout rate-limiter-flexible's Postgres store uses. */
@Entity({ tableName: 'login_rate_limits' })
export class LoginRateLimit {
  @PrimaryKey({ type: 'varchar', length: 255 })
  key!: string;

  @Property({ type: 'integer', default: 0 })
  points!: number;

  @Property({ type: 'bigint', nullable: true })
  expire!: string | null;
}
