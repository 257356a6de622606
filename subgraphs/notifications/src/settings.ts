import { replicaSettings } from '@taskgraph/memberships';

export const notificationsSettings = {
  ...replicaSettings,
};
