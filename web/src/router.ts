/** A small router over the History API: the app has few screens, each a path (the task drawer a `task` parameter). */
import { useSyncExternalStore } from 'react';

export type Route =
  | { screen: 'login'; next: string | null }
  | { screen: 'register'; next: string | null }
  | { screen: 'forgot-password' }
  | { screen: 'reset-password'; token: string }
  | { screen: 'verify-email'; token: string }
  | { screen: 'accept-invitation'; token: string }
  | { screen: 'account' }
  | { screen: 'projects' }
  | { screen: 'board'; projectId: string; taskId: string | null }
  | { screen: 'members'; projectId: string }
  | { screen: 'activity'; projectId: string };

/** Where signing in (or up) goes on to: a path of the app, never another site. */
const withNext = (path: string, next: string | null | undefined) => (next ? `${path}?${new URLSearchParams({ next })}` : path);
const appPath = (next: string | null) => (next?.startsWith('/') && !next.startsWith('//') ? next : null);

export const paths = {
  login: (next?: string | null) => withNext('/login', next),
  register: (next?: string | null) => withNext('/register', next),
  forgotPassword: () => '/forgot-password',
  account: () => '/account',
  projects: () => '/',
  board: (projectId: string, taskId?: string) => `/projects/${projectId}${taskId ? `?task=${taskId}` : ''}`,
  members: (projectId: string) => `/projects/${projectId}/members`,
  activity: (projectId: string) => `/projects/${projectId}/activity`,
};

/** The pages the links in the app's emails open, each with its token: the only routes that take one. */
const tokenScreens = new Map<string, 'reset-password' | 'verify-email' | 'accept-invitation'>([
  ['/reset-password', 'reset-password'],
  ['/verify-email', 'verify-email'],
  ['/invitations/accept', 'accept-invitation'],
]);

export function parseRoute(pathname: string, search: string): Route {
  const params = new URLSearchParams(search);
  if (pathname === '/login') return { screen: 'login', next: appPath(params.get('next')) };
  if (pathname === '/register') return { screen: 'register', next: appPath(params.get('next')) };
  if (pathname === '/forgot-password') return { screen: 'forgot-password' };
  if (pathname === '/account') return { screen: 'account' };
  const tokenScreen = tokenScreens.get(pathname);
  if (tokenScreen) return { screen: tokenScreen, token: params.get('token') ?? '' };
  const page = /^\/projects\/([^/]+)\/(members|activity)$/.exec(pathname);
  if (page?.[1] && page[2] === 'members') return { screen: 'members', projectId: page[1] };
  if (page?.[1] && page[2] === 'activity') return { screen: 'activity', projectId: page[1] };
  const board = /^\/projects\/([^/]+)$/.exec(pathname);
  if (board?.[1]) return { screen: 'board', projectId: board[1], taskId: params.get('task') };
  return { screen: 'projects' };
}

const listeners = new Set<() => void>();
let location = `${window.location.pathname}${window.location.search}`;
window.addEventListener('popstate', () => notify());

function notify(): void {
  location = `${window.location.pathname}${window.location.search}`;
  for (const listener of listeners) listener();
}

export function navigate(to: string, { replace = false } = {}): void {
  if (replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  notify();
}

export function useRoute(): Route {
  const current = useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => location,
  );
  const url = new URL(current, window.location.origin);
  return parseRoute(url.pathname, url.search);
}
