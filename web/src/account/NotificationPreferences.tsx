import { useMutation, useQuery } from '@apollo/client/react';
import { ErrorMessage } from '../components/ErrorMessage';
import { graphql } from '../gql';
import type { NotificationChannel, NotificationKind } from '../gql/graphql';

const NotificationPreferencesDocument = graphql(`
  query NotificationPreferences {
    notificationPreferences {
      kind
      channels
    }
  }
`);

const UpdateNotificationPreferencesDocument = graphql(`
  mutation UpdateNotificationPreferences($preferences: [NotificationPreferenceInput!]!) {
    updateNotificationPreferences(preferences: $preferences) {
      kind
      channels
    }
  }
`);

const kindLabels: Record<NotificationKind, string> = {
  TASK_ASSIGNED: 'A task is assigned to you',
  TASK_STATUS_CHANGED: 'The status of your task changes',
  TASK_COMPLETED: 'Your task is completed',
  TASK_COMMENTED: 'Someone comments on your task',
  TASK_DUE_SOON: 'Your task is due soon',
  PROJECT_MEMBER_ADDED: 'You are added to a project',
  PROJECT_INVITED: 'You are invited to a project',
};

const channels: { channel: NotificationChannel; label: string }[] = [
  { channel: 'IN_APP', label: 'In the app' },
  { channel: 'EMAIL', label: 'By email' },
];

/**
 * How the viewer is told of each kind of notification. The cache keys preferences by kind (see the client), so the
 * mutation's answer replaces what the table shows.
 */
export function NotificationPreferences() {
  const { data, error } = useQuery(NotificationPreferencesDocument);
  const [update, updating] = useMutation(UpdateNotificationPreferencesDocument);

  const toggle = (kind: NotificationKind, current: readonly NotificationChannel[], channel: NotificationChannel, on: boolean) => {
    const channels = on ? [...current, channel] : current.filter((chosen) => chosen !== channel);
    const shown = data?.notificationPreferences ?? [];
    void update({
      variables: { preferences: [{ kind, channels }] },
      // The box shows its new state at once; a refusal puts it back.
      optimisticResponse: {
        __typename: 'Mutation',
        updateNotificationPreferences: shown.map((preference) => (preference.kind === kind ? { ...preference, channels } : preference)),
      },
    }).catch(() => undefined);
  };

  return (
    <section aria-labelledby="preferences-title" className="account-section">
      <h2 id="preferences-title">Notifications</h2>
      <ErrorMessage error={error ?? updating.error} />
      <table className="preferences">
        <thead>
          <tr>
            <th scope="col">Tell me when</th>
            {channels.map(({ channel, label }) => (
              <th key={channel} scope="col">
                {label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {data?.notificationPreferences.map((preference) => (
            <tr key={preference.kind}>
              <th scope="row">{kindLabels[preference.kind]}</th>
              {channels.map(({ channel, label }) => (
                <td key={channel}>
                  <input
                    type="checkbox"
                    aria-label={`${kindLabels[preference.kind]}: ${label.toLowerCase()}`}
                    checked={preference.channels.includes(channel)}
                    onChange={(event) => toggle(preference.kind, preference.channels, channel, event.target.checked)}
                  />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
