import { z } from 'zod';
import { settingTypes } from '@taskgraph/kit';

export const accountsSettings = {
  /** Private signing keys as a JSON array of JWKs (Ed25519, each with a `kid`); the first signs, all verify. */
  AUTH_SIGNING_KEYS: z.string().optional(),
  /** Where a development signing key is generated and kept when AUTH_SIGNING_KEYS is not set. */
  DATA_DIR: z.string().default('.data'),
  ACCESS_TOKEN_TTL_SECONDS: settingTypes.positiveInt(15 * 60),
  REFRESH_TOKEN_TTL_SECONDS: settingTypes.positiveInt(30 * 24 * 3600),
  LOGIN_MAX_FAILURES_PER_EMAIL: settingTypes.positiveInt(5),
  LOGIN_MAX_FAILURES_PER_ADDRESS: settingTypes.positiveInt(50),
  LOGIN_FAILURE_WINDOW_SECONDS: settingTypes.positiveInt(15 * 60),
};
