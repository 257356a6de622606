import { settingTypes } from '@taskgraph/kit';

export const tasksSettings = {
  /**
   * How long a refused access may wait for the membership replica to catch up, in
   * milliseconds: rights granted in the projects subgraph reach this one by event, possibly a
   * moment after the client that granted them comes here.
   */
  ACCESS_WAIT_MS: settingTypes.positiveInt(3000),
  /** How often to look for open tasks due within 24 hours whose assignee has not been reminded. */
  DUE_SOON_SCAN_INTERVAL_MS: settingTypes.positiveInt(60_000),
};
