import type { IncomingMessage } from 'node:http';

/** The path of a request's URL, without its query string. */
export const pathOf = (req: IncomingMessage): string => (req.url ?? '/').split('?', 1)[0] ?? '/';
