/** A small router over the History API: the app has few screens, each a path (the task drawer a `task` parameter). */
import { useSyncExternalStore } from 'react';

export type Route =
  | { screen: 'login' }
  | { screen: 'register' }
  | { screen: 'projects' }
  | { screen: 'board'; projectId: string; taskId: string | null }
  | { screen: 'members'; projectId: string }
  | { screen: 'activity'; projectId: string };

export const paths = {
  login: () => '/login',
  register: () => '/register',
  projects: () => '/',
  board: (projectId: string, taskId?: string) => `/projects/${projectId}${taskId ? `?task=${taskId}` : ''}`,
  members: (projectId: string) => `/projects/${projectId}/members`,
  activity: (projectId: string) => `/projects/${projectId}/activity`,
};

export function parseRoute(pathname: string, search: string): Route {
  if (pathname === '/login') return { screen: 'login' };
  if (pathname === '/register') return { screen: 'register' };
  const page = /^\/projects\/([^/]+)\/(members|activity)$/.exec(pathname);
  if (page?.[1] && page[2] === 'members') return { screen: 'members', projectId: page[1] };
  if (page?.[1] && page[2] === 'activity') return { screen: 'activity', projectId: page[1] };
  const board = /^\/projects\/([^/]+)$/.exec(pathname);
  if (board?.[1]) return { screen: 'board', projectId: board[1], taskId: new URLSearchParams(search).get('task') };
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
