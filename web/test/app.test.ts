/**
 * The web app in Chromium against the real stack: two people, Ada and Bob, in two browser contexts (Bob's 375 px
 * wide, as on a phone). Screenshots of the board, the task drawer and the bell go to docs/ for the README.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { repoRoot } from '@taskgraph/kit/processes';
import { type Stack, startStack } from '@taskgraph/stack';
import type { Browser, Page } from 'playwright-core';
import { type RunningWeb, serveWeb } from '../server/serve.js';
import { assertAccessible, assertFitsWidth, launchChromium } from './browser.js';

const liveMs = 10_000;
const screenshot = (page: Page, name: string) => page.screenshot({ path: path.join(repoRoot, 'docs', `web-${name}.png`) });

async function register(page: Page, web: RunningWeb, name: string): Promise<string> {
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

const column = (page: Page, name: string) => page.getByRole('region', { name: new RegExp(`^${name}`) });
const waitForUnread = (page: Page, count: number) =>
  page.waitForFunction((expected) => document.querySelector('[data-testid="unread-count"]')?.textContent === String(expected), count, {
    timeout: liveMs,
  });

describe('the web app', () => {
  let stack: Stack;
  let web: RunningWeb;
  let browser: Browser;
  let ada: Page;
  let bob: Page;
  let bobId = '';
  let projectUrl = '';

  before(async () => {
    stack = await startStack();
    web = await serveWeb({ port: 0, host: '127.0.0.1', gatewayUrl: stack.gateway.url });
    browser = await launchChromium();
    ada = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    bob = await (await browser.newContext({ viewport: { width: 375, height: 740 } })).newPage();
    for (const page of [ada, bob]) page.setDefaultTimeout(10_000);
  });

  after(async () => {
    await browser?.close();
    await web?.stop();
    await stack?.stop();
  });

  it('shows a field error beside its input: a short password at registration', async () => {
    await ada.goto(`${web.url}/register`);
    await assertAccessible(ada, 'the registration screen');
    await ada.getByLabel('Display name').fill('Ada');
    await ada.getByLabel('Email').fill('ada@example.com');
    await ada.getByLabel('Password').fill('short');
    await ada.getByRole('button', { name: 'Create account' }).click();
    const password = ada.getByLabel('Password');
    await ada.locator('input[aria-invalid="true"]').waitFor();
    const describedBy = await password.getAttribute('aria-describedby');
    assert.ok(describedBy, 'the password input points at its error');
    assert.match((await ada.locator(`[id="${describedBy}"]`).textContent()) ?? '', /10/);
    assert.equal(await ada.getByLabel('Email').getAttribute('aria-invalid'), null, 'only the password is marked');
  });

  it('lets Ada register, create a project with tasks in two columns, and keeps them over a reload', async () => {
    await register(ada, web, 'Ada');
    bobId = await register(bob, web, 'Bob');
    await assertAccessible(ada, 'the projects screen');
    await assertFitsWidth(bob, 'the projects screen');

    await ada.getByLabel('Project name').fill('Launch');
    await ada.getByRole('button', { name: 'Create project' }).click();
    await ada.getByRole('link', { name: 'Launch' }).click();
    await column(ada, 'To do').waitFor();
    projectUrl = ada.url();

    await ada.getByLabel('New task in To do').fill('Write the press release');
    await ada.getByRole('button', { name: 'Add' }).first().click();
    await column(ada, 'To do').getByRole('link', { name: 'Write the press release' }).waitFor();
    await ada.getByLabel('New task in In progress').fill('Book the venue');
    await column(ada, 'In progress').getByRole('button', { name: 'Add' }).click();
    await column(ada, 'In progress').getByRole('link', { name: 'Book the venue' }).waitFor();

    await ada.reload();
    await column(ada, 'To do').getByRole('link', { name: 'Write the press release' }).waitFor();
    await column(ada, 'In progress').getByRole('link', { name: 'Book the venue' }).waitFor();
    assert.equal(await column(ada, 'To do').getByRole('link', { name: 'Book the venue' }).count(), 0);
    await assertAccessible(ada, 'the board');
    await screenshot(ada, 'board');
  });

  it('lets Ada add Bob by his id, and Bob sees the project on the members screen', async () => {
    await ada.getByRole('link', { name: 'Members' }).click();
    await ada.getByLabel('User id').fill(bobId);
    await ada.getByRole('button', { name: 'Add member' }).click();
    await ada.getByRole('listitem').filter({ hasText: 'Bob' }).getByLabel('Role of Bob').waitFor();
    await assertAccessible(ada, 'the members screen');

    // The member-added notification reaches Bob's bell live: his socket is open on the projects screen.
    await waitForUnread(bob, 1);
    await bob.goto(`${projectUrl}/members`);
    await bob.getByRole('listitem').filter({ hasText: 'Ada' }).waitFor();
    await assertAccessible(bob, 'the members screen (as a member)');
    await assertFitsWidth(bob, 'the members screen');
  });

  it('raises Bob’s bell when Ada assigns him a task, and the notification opens the task', async () => {
    await bob.goto(projectUrl);
    await column(bob, 'To do').getByRole('link', { name: 'Write the press release' }).waitFor();
    await assertFitsWidth(bob, 'the board');
    await bob.locator('.connection[data-status="connected"]').waitFor({ state: 'attached' });
    // Loaded, not just rendered: the one unread notification so far is Ada's adding him.
    await waitForUnread(bob, 1);

    await ada.goto(projectUrl);
    await ada.getByRole('link', { name: 'Write the press release' }).click();
    const drawer = ada.getByRole('dialog', { name: 'Write the press release' });
    await drawer.waitFor();
    await drawer.getByLabel('Assignee').selectOption({ label: 'Bob' });

    await waitForUnread(bob, 2);
    // Bob's open board shows the new assignee too, from taskChanged.
    await column(bob, 'To do').getByText('Bob').waitFor({ timeout: liveMs });

    await bob.getByRole('button', { name: /Notifications/ }).click();
    const panel = bob.getByRole('region', { name: 'Notifications' });
    await panel.getByRole('button', { name: /assigned you/ }).waitFor();
    await assertAccessible(bob, 'the notifications');
    await assertFitsWidth(bob, 'the notifications');
    await screenshot(bob, 'bell');
    await panel.getByRole('button', { name: /assigned you/ }).click();
    await bob.getByRole('dialog', { name: 'Write the press release' }).waitFor();
    assert.match(bob.url(), /\?task=/);
    await assertAccessible(bob, 'the task drawer');
    await assertFitsWidth(bob, 'the task drawer');
  });

  it('shows Bob’s comment live in Ada’s open task drawer', async () => {
    const bobDrawer = bob.getByRole('dialog', { name: 'Write the press release' });
    await bobDrawer.getByLabel('Add a comment').fill('The draft is in the shared folder.');
    await bobDrawer.getByRole('button', { name: 'Comment' }).click();

    const adaDrawer = ada.getByRole('dialog', { name: 'Write the press release' });
    await adaDrawer.getByText('The draft is in the shared folder.').waitFor({ timeout: liveMs });
    await assertAccessible(ada, 'the task drawer');
    await screenshot(ada, 'task-drawer');
  });
});
