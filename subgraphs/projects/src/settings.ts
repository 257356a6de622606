import { settingTypes } from '@taskgraph/kit';

export const projectsSettings = {
  /**
   * How long adding a member may wait for a just-registered user to be known here (users are
   * learnt from the registration event), in milliseconds.
   */
  USER_WAIT_MS: settingTypes.positiveInt(3000),
  /** How long an invitation's link works. */
  INVITATION_TTL_SECONDS: settingTypes.positiveInt(7 * 24 * 3600),
};
