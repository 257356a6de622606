import { settingTypes } from '@taskgraph/kit';

export const usersSettings = {
  /** Accounts registered with these emails are made ADMIN (at registration, and at start for existing ones). */
  ADMIN_EMAILS: settingTypes.list([]),
  /**
   * How long a reference to a user whose profile is still on its way from the registration
   * event may wait for it, in milliseconds.
   */
  PROFILE_WAIT_MS: settingTypes.positiveInt(3000),
};
