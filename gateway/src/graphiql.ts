import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ApolloServerPlugin } from '@apollo/server';
import express, { type Express } from 'express';

/** Where `npm run build` puts GraphiQL (the graphiql workspace, built with Vite). */
const assets = fileURLToPath(new URL('../../../graphiql/dist/', import.meta.url));

/** The page's path: its assets are relative to it. */
export const GRAPHIQL_PATH = '/graphiql/';

/**
 * GraphiQL at /graphiql/, every asset it loads served from here too, so that it works without the
 * internet (Apollo Sandbox loads from a CDN). /graphiql is redirected to the page.
 */
export function serveGraphiql(app: Express): void {
  const built = existsSync(assets);
  app.use('/graphiql', express.static(assets, { index: 'index.html', redirect: true }), (_req: express.Request, res: express.Response) =>
    res
      .status(404)
      .type('text/plain')
      .send(built ? 'Not found' : 'GraphiQL is not built here: run `npm run build`'),
  );
}

/** Apollo's landing page with a link to GraphiQL above Sandbox, which stays readable when Sandbox cannot load. */
export function linkToGraphiql(landingPage: ApolloServerPlugin): ApolloServerPlugin {
  const note = `<p>Offline, or rather GraphiQL? <a href="${GRAPHIQL_PATH}">GraphiQL</a> is served by this gateway, with no CDN.</p>`;
  return {
    async serverWillStart(service) {
      const listener = await landingPage.serverWillStart?.(service);
      const render = listener?.renderLandingPage;
      if (!listener || !render) return listener;
      return {
        ...listener,
        async renderLandingPage() {
          const page = await render();
          const html = typeof page.html === 'string' ? page.html : await page.html();
          return { ...page, html: html.replace('<body>', `<body>\n    ${note}`) };
        },
      };
    },
  };
}
