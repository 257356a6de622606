import { replicaSettings } from '@taskgraph/kit';

export const notificationsSettings = {
  ...replicaSettings,
};
