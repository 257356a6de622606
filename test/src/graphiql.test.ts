/**
 * The self-hosted GraphiQL: served at /graphiql in development, with every asset it loads from
 * the gateway itself (nothing from a CDN), linked from the landing page; off in production.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Stack, startStack } from '@taskgraph/stack';

/** Where pages load code, styles and fonts from when they do not ship them. */
const CDN = /unpkg\.com|jsdelivr|esm\.sh|cdnjs|skypack|fonts\.googleapis|fonts\.gstatic|apollographql\.com/i;

/** The URLs a page or stylesheet loads: src and href attributes, CSS url() and @import. */
function referencedUrls(text: string): string[] {
  const patterns = [/\b(?:src|href)="([^"]+)"/g, /url\(\s*['"]?([^'")]+)['"]?\s*\)/g, /@import\s+['"]([^'"]+)['"]/g];
  return patterns.flatMap((pattern) => [...text.matchAll(pattern)].map((match) => match[1]!)).filter((url) => !url.startsWith('data:'));
}

describe('GraphiQL at the gateway', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack();
  });
  after(() => stack?.stop());

  it('is served at /graphiql with local assets only, and the landing page links to it', async () => {
    const origin = new URL(stack.gateway.url).origin;
    const page = await fetch(`${origin}/graphiql`);
    assert.equal(page.status, 200);
    assert.equal(page.url, `${origin}/graphiql/`, 'redirected to the page, whose assets are relative to it');
    const html = await page.text();
    assert.match(html, /GraphiQL/);

    // Every asset the page loads, and every one those load in turn, from this origin.
    const seen = new Set<string>();
    const queue = referencedUrls(html).map((url) => new URL(url, page.url));
    assert.ok(queue.some((url) => url.pathname.endsWith('.js')) && queue.some((url) => url.pathname.endsWith('.css')), html);
    for (let url = queue.shift(); url; url = queue.shift()) {
      if (seen.has(url.href)) continue;
      seen.add(url.href);
      assert.equal(url.origin, origin, `${url.href} is not served by the gateway`);
      const asset = await fetch(url);
      assert.equal(asset.status, 200, url.href);
      const text = await asset.text();
      assert.doesNotMatch(text, CDN, `${url.pathname} loads from a CDN`);
      if (url.pathname.endsWith('.css')) queue.push(...referencedUrls(text).map((ref) => new URL(ref, url)));
    }
    assert.doesNotMatch(html, CDN);

    const landing = await (await fetch(stack.gateway.url, { headers: { accept: 'text/html' } })).text();
    assert.match(landing, /href="\/graphiql\/"/);
  });

  it('is off in production unless enabled', async () => {
    const production = await stack.startGateway({ NODE_ENV: 'production', CORS_ORIGINS: 'https://app.example' });
    const origin = new URL(production.url).origin;
    assert.equal((await fetch(`${origin}/graphiql/`)).status, 404);
    const enabled = await stack.startGateway({ NODE_ENV: 'production', CORS_ORIGINS: 'https://app.example', GRAPHIQL_ENABLED: 'true' });
    assert.equal((await fetch(`${new URL(enabled.url).origin}/graphiql/`)).status, 200);
  });
});
