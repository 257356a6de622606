import type { Notification } from '../entities/notification.js';
import { NotificationKind } from '../kinds.js';
import { composeEmail } from './layout.js';
import type { EmailRequest } from './request.js';

/** Where the web app lets a user change which notifications reach them how. */
export const preferencesUrl = (appUrl: string): string => new URL('/settings/notifications', appUrl).href;

interface Template {
  /** The first line, above the notification's own sentence. */
  heading: string;
  /** The button's label. */
  action: string;
}

const templates: Record<NotificationKind, Template> = {
  [NotificationKind.TASK_ASSIGNED]: { heading: 'A task for you', action: 'Open the task' },
  [NotificationKind.TASK_STATUS_CHANGED]: { heading: 'A task moved', action: 'Open the task' },
  [NotificationKind.TASK_COMPLETED]: { heading: 'A task is done', action: 'Open the task' },
  [NotificationKind.TASK_COMMENTED]: { heading: 'A new comment', action: 'Read the comment' },
  [NotificationKind.TASK_DUE_SOON]: { heading: 'Due soon', action: 'Open the task' },
  [NotificationKind.PROJECT_MEMBER_ADDED]: { heading: 'A new project', action: 'Open the project' },
  [NotificationKind.PROJECT_INVITED]: { heading: 'An invitation', action: 'See the invitation' },
};

/** The page of the app the notification is about: its task, else its project, else the app. */
function targetUrl(notification: Notification, appUrl: string): string {
  const { projectId, taskId } = notification;
  if (projectId && taskId) return new URL(`/projects/${projectId}/tasks/${taskId}`, appUrl).href;
  if (projectId) return new URL(`/projects/${projectId}`, appUrl).href;
  return new URL('/', appUrl).href;
}

/** A notification's email, in text and HTML, with the link to change the preferences that sent it. */
export function notificationEmail(notification: Notification, to: string, appUrl: string): EmailRequest {
  const { heading, action } = templates[notification.kind];
  return composeEmail(to, {
    subject: notification.message,
    heading,
    paragraphs: [notification.message],
    action: { label: action, url: targetUrl(notification, appUrl) },
    footer: {
      text: 'You get this email because of your notification preferences.',
      link: { label: 'Change them', url: preferencesUrl(appUrl) },
    },
  });
}
