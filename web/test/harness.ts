/**
 * What every browser test file starts with: a stack of its own, the app served against it, one Chromium, and pages
 * of people in contexts of their own; and the steps the stories share (registering, a board's columns, the bell).
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { metricsOf, sample } from '@taskgraph/e2e/metrics';
import { freePort, repoRoot } from '@taskgraph/kit/processes';
import { type Stack, startStack } from '@taskgraph/stack';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { type RunningWeb, serveWeb } from '../server/serve.js';
import { trustedDocumentsPath } from '../server/trusted-documents.js';
import { assertAccessible, assertFitsWidth, launchChromium } from './browser.js';

/** How long a live change may take to show in another browser, on a loaded machine. */
export const liveMs = 10_000;

export const desktop = { width: 1280, height: 800 };
/** A phone: every screen must work this narrow. */
export const phone = { width: 375, height: 740 };

export interface Person {
  page: Page;
  context: BrowserContext;
  id: string;
}

export interface Harness {
  stack: Stack;
  web: RunningWeb;
  browser: Browser;
  /** A new browser context, registered as `name` (email `<name>@example.com`), on the projects screen. */
  person(name: string, viewport?: { width: number; height: number }): Promise<Person>;
  stop(): Promise<void>;
}

/**
 * The gateway accepts the app's trusted documents only, as in production: every story proves that the app sends
 * nothing else, and `stop` checks that the gateway refused nothing.
 */
export async function startHarness(env: Record<string, string> = {}): Promise<Harness> {
  // The app's address is known before the stack starts, so that the links in its emails open this app.
  const webPort = await freePort();
  const stack = await startStack({
    TRUSTED_DOCUMENTS: 'required',
    TRUSTED_DOCUMENTS_PATH: trustedDocumentsPath,
    APP_URL: `http://localhost:${webPort}`,
    ...env,
  });
  const web = await serveWeb({ port: webPort, host: '127.0.0.1', gatewayUrl: stack.gateway.url });
  const browser = await launchChromium();
  return {
    stack,
    web,
    browser,
    async person(name, viewport = desktop) {
      const context = await browser.newContext({ viewport });
      const page = await context.newPage();
      page.setDefaultTimeout(liveMs);
      return { page, context, id: await register(page, web, name) };
    },
    async stop() {
      try {
        await assertNothingRefused(stack);
      } finally {
        await browser.close();
        await web.stop();
        await stack.stop();
      }
    },
  };
}

/** The gateway counts every operation it refused for not being a trusted document: none may have been. */
async function assertNothingRefused(stack: Stack): Promise<void> {
  const untrusted = sample(await metricsOf(stack.gateway.url), 'untrusted_operations_total', { outcome: 'refused' });
  assert.equal(untrusted ?? 0, 0, 'the gateway refused none of the app’s operations');
}

export async function register(page: Page, web: RunningWeb, name: string): Promise<string> {
  await page.goto(`${web.url}/register`);
  await page.getByLabel('Display name').fill(name);
  await page.getByLabel('Email').fill(`${name.toLowerCase()}@example.com`);
  await page.getByLabel('Password').fill('correct horse battery');
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('heading', { name: 'Projects' }).waitFor();
  const userId = await page.evaluate(() => JSON.parse(localStorage.getItem('taskgraph.session') ?? '{}').userId);
  assert.equal(typeof userId, 'string');
  return String(userId);
}

/** Creates a project from the projects screen and opens its board; gives the board's URL. */
export async function createProject(page: Page, name: string): Promise<string> {
  await page.getByLabel('Project name').fill(name);
  await page.getByRole('button', { name: 'Create project' }).click();
  await page.getByRole('link', { name }).click();
  await column(page, 'To do').waitFor();
  return page.url();
}

/** Adds someone to the project on its members screen, by the id the search finds for their name. */
export async function addMember(page: Page, boardUrl: string, name: string): Promise<void> {
  await page.goto(`${boardUrl}/members`);
  await page.getByLabel('Search people by name').fill(name);
  await page.getByRole('button', { name: `Choose ${name}` }).click();
  await page.getByRole('button', { name: 'Add member' }).click();
  await page.getByRole('listitem').filter({ hasText: name }).getByLabel(`Role of ${name}`).waitFor();
}

export const column = (page: Page, name: string): Locator => page.getByRole('region', { name: new RegExp(`^${name}`) });

/** The card titles of a column, top to bottom. */
export const cardTitles = (page: Page, name: string): Promise<string[]> =>
  column(page, name).locator('[data-task-id] .card-title').allTextContents();

/** Waits until the column shows exactly these cards, in this order. */
export async function waitForCards(page: Page, name: string, titles: string[], timeout = liveMs): Promise<void> {
  await page.waitForFunction(
    ({ heading, expected }) => {
      const region = [...document.querySelectorAll('section.column')].find((section) =>
        section.querySelector('h2')?.textContent?.startsWith(heading),
      );
      const shown = [...(region?.querySelectorAll('[data-task-id] .card-title') ?? [])].map((title) => title.textContent);
      return JSON.stringify(shown) === JSON.stringify(expected);
    },
    { heading: name, expected: titles },
    { timeout },
  );
}

export async function addTask(page: Page, columnName: string, title: string): Promise<void> {
  await page.getByLabel(`New task in ${columnName}`).fill(title);
  await column(page, columnName).getByRole('button', { name: 'Add' }).click();
  await column(page, columnName).getByRole('link', { name: title }).waitFor();
}

export const waitForUnread = (page: Page, count: number, timeout = liveMs) =>
  page.waitForFunction((expected) => document.querySelector('[data-testid="unread-count"]')?.textContent === String(expected), count, {
    timeout,
  });

/** Waits for the live socket to be up (the subscriptions of the screen are then being made). */
export const waitForLive = (page: Page) => page.locator('.connection[data-status="connected"]').waitFor({ state: 'attached' });

/**
 * The README's screenshots, docs/web-<name>.png: written only when asked (UPDATE_SCREENSHOTS=1), so that an ordinary
 * run leaves the working tree as it was.
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  if (process.env.UPDATE_SCREENSHOTS === '1') await page.screenshot({ path: path.join(repoRoot, 'docs', `web-${name}.png`) });
}

/** A screen as it is now passes axe at its width and at 375 px, which it fits; the page is then as wide as before. */
export async function assertScreen(page: Page, screen: string): Promise<void> {
  const viewport = page.viewportSize() ?? desktop;
  await assertAccessible(page, screen);
  await page.setViewportSize(phone);
  try {
    await assertFitsWidth(page, `${screen} at 375 px`);
    await assertAccessible(page, `${screen} at 375 px`);
  } finally {
    await page.setViewportSize(viewport);
  }
}
