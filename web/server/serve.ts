/**
 * The built app (dist/app) as static files, with /config.js answered from the gateway URL given, so one build
 * runs against any gateway. Paths that name no file get index.html: the app routes them itself.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where `vite build` puts the app, from this file's place in dist/node/server. */
export const appRoot = fileURLToPath(new URL('../../app/', import.meta.url));

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
};

export interface WebOptions {
  /** The gateway's GraphQL URL as a browser reaches it; the WebSocket URL is derived from it. */
  gatewayUrl: string;
  port: number;
  host?: string;
  root?: string;
}

export interface RunningWeb {
  url: string;
  port: number;
  stop(): Promise<void>;
}

export async function serveWeb({ gatewayUrl, port, host = '0.0.0.0', root = appRoot }: WebOptions): Promise<RunningWeb> {
  const config = `window.taskgraphConfig = ${JSON.stringify({ gatewayUrl })};\n`;
  const server = createServer((request, response) => {
    const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://web').pathname);
    if (request.method !== 'GET' && request.method !== 'HEAD') return send(response, 405, 'text/plain', 'Method not allowed');
    if (pathname === '/config.js') return send(response, 200, contentTypes['.js'], config, 'no-store');
    void serveFile(root, pathname, response);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const bound = (server.address() as AddressInfo).port;
  return {
    url: `http://localhost:${bound}`,
    port: bound,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function serveFile(root: string, pathname: string, response: ServerResponse): Promise<void> {
  const file = path.join(root, path.normalize(pathname));
  // path.join after normalize keeps `..` inside root; anything else is refused rather than served.
  if (!file.startsWith(root)) return send(response, 404, 'text/plain', 'Not found');
  const found = await stat(file).catch(() => undefined);
  if (found?.isFile()) {
    // Vite names assets by their content hash: they never change under one name.
    const cache = pathname.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache';
    response.writeHead(200, { 'content-type': contentTypes[path.extname(file)] ?? 'application/octet-stream', 'cache-control': cache });
    createReadStream(file).pipe(response);
    return;
  }
  if (path.extname(pathname)) return send(response, 404, 'text/plain', 'Not found');
  response.writeHead(200, { 'content-type': contentTypes['.html'], 'cache-control': 'no-cache' });
  createReadStream(path.join(root, 'index.html')).pipe(response);
}

function send(response: ServerResponse, status: number, type: string | undefined, body: string, cache = 'no-cache'): void {
  response.writeHead(status, { 'content-type': type ?? 'text/plain', 'cache-control': cache });
  response.end(body);
}
