import { settingTypes } from '@taskgraph/kit';

export const tasksSettings = {
  /** How often to look for open tasks due within 24 hours whose assignee has not been reminded. */
  DUE_SOON_SCAN_INTERVAL_MS: settingTypes.positiveInt(60_000),
};
