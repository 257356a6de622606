import type { IncomingMessage } from 'node:http';

/** The path of a request's URL, without its query string. */
export const pathOf = (req: IncomingMessage): string => (req.url ?? '/').split('?', 1)[0] ?? '/';

/** The query string of a request's URL, from its `?` (empty when it has none). */
export const searchOf = (req: IncomingMessage): string => {
  const url = req.url ?? '';
  const start = url.indexOf('?');
  return start === -1 ? '' : url.slice(start);
};
