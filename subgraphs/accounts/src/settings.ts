import { SESSION_HISTORY_MS, settingTypes } from '@taskgraph/kit';
import { z } from 'zod';

export const accountsSettings = {
  /** Private signing keys as a JSON array of JWKs (Ed25519, each with a `kid`); the first signs, all verify. */
  AUTH_SIGNING_KEYS: z.string().optional(),
  /**
   * Without AUTH_SIGNING_KEYS, generate a key once and keep it under DATA_DIR. Default: on
   * outside production. Keys kept on one replica's disk do not suit several replicas.
   */
  AUTH_GENERATE_SIGNING_KEY: settingTypes.optionalFlag(),
  DATA_DIR: z.string().default('.data'),
  /** At most a day: every replica replays a day of session revocations when it starts (`SESSION_HISTORY_MS`). */
  ACCESS_TOKEN_TTL_SECONDS: settingTypes.positiveInt(15 * 60).pipe(z.number().max(SESSION_HISTORY_MS / 1000)),
  REFRESH_TOKEN_TTL_SECONDS: settingTypes.positiveInt(30 * 24 * 3600),
  /**
   * How long after its rotation a refresh token may be exchanged again, as long as no successor
   * of it has been used: the answer to a refresh can be lost (a page reloaded, a connection cut)
   * after the server rotated the token. 0: any second use is reuse.
   */
  REFRESH_REUSE_GRACE_SECONDS: z.coerce.number().int().min(0).max(60).default(10),
  /** Failed logins to one email from one address within the window before a lockout. */
  LOGIN_MAX_FAILURES: settingTypes.positiveInt(5),
  /** Failed logins from one address, to any email, within the window. */
  LOGIN_MAX_FAILURES_PER_ADDRESS: settingTypes.positiveInt(50),
  LOGIN_FAILURE_WINDOW_SECONDS: settingTypes.positiveInt(15 * 60),
  /** The first lockout; each further one (within a day) lasts twice as long, up to a day. */
  LOGIN_LOCKOUT_SECONDS: settingTypes.positiveInt(5 * 60),
  /** How long a password reset link works. */
  PASSWORD_RESET_TTL_SECONDS: settingTypes.positiveInt(30 * 60),
  /** How long an email verification link works. */
  EMAIL_VERIFICATION_TTL_SECONDS: settingTypes.positiveInt(48 * 3600),
  /** Reset emails asked for one address (whoever asks), and by one client address, within the window. */
  PASSWORD_RESET_MAX_PER_EMAIL: settingTypes.positiveInt(3),
  PASSWORD_RESET_MAX_PER_ADDRESS: settingTypes.positiveInt(20),
  /** Verification emails one user may ask for again, and one client address, within the window. */
  VERIFICATION_EMAIL_MAX_PER_USER: settingTypes.positiveInt(3),
  VERIFICATION_EMAIL_MAX_PER_ADDRESS: settingTypes.positiveInt(20),
  /** The window of both email limits. */
  ACCOUNT_EMAIL_WINDOW_SECONDS: settingTypes.positiveInt(3600),
};
