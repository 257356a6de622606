import { settingTypes } from '@taskgraph/kit';
import { z } from 'zod';

export const mailSettings = {
  /** The mail server, e.g. smtps://user:pass@smtp.example.com:465; without it emails wait in their table, unsent. */
  SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional(),
  MAIL_FROM: z.string().trim().min(1).default('taskgraph <no-reply@localhost>'),
  /** The web app, for the links in emails. */
  APP_URL: z.url({ protocol: /^https?$/ }).default('http://localhost:3000'),
  /** How often the sender looks for emails to send. */
  EMAIL_SEND_INTERVAL_MS: settingTypes.positiveInt(1000),
  /** Delays before the next attempt after each failed one; the last repeats. */
  EMAIL_RETRY_BACKOFF_MS: z
    .string()
    .regex(/^\d+(,\d+)*$/)
    .transform((value) => value.split(',').map(Number))
    .default([10_000, 60_000, 300_000, 900_000, 3_600_000]),
  /** Attempts before an email is dead-lettered (about a day of failures with the default delays). */
  EMAIL_MAX_ATTEMPTS: settingTypes.positiveInt(28),
};

export type MailSettings = z.infer<z.ZodObject<typeof mailSettings>>;

export const notificationsSettings = {
  ...mailSettings,
};
