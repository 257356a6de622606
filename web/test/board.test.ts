/**
 * The board in Chromium against the real stack: Ada (a desktop) registers, makes a project with Bob (a phone, 375 px
 * wide) in it, fills and orders its columns by dragging and from the keyboard, works in the task drawer, filters the
 * board and looks after her projects. Every screen passes the axe check and fits 375 px.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { assertAccessible, assertFitsWidth } from './browser.js';
import {
  addMember,
  addTask,
  column,
  createProject,
  type Harness,
  liveMs,
  type Person,
  phone,
  screenshot,
  startHarness,
  waitForCards,
} from './harness.js';

/** Both checks of a screen: Ada's at desktop width, Bob's at 375 px. */
async function checkScreen(desktopPage: Page, phonePage: Page, screen: string): Promise<void> {
  await assertAccessible(desktopPage, screen);
  await assertAccessible(phonePage, `${screen} at 375 px`);
  await assertFitsWidth(phonePage, screen);
}

/** Drags a card onto a card (its top edge: the drop goes before it) or to the bottom of a column's list. */
async function drag(page: Page, title: string, target: { before: string } | { bottomOf: string }): Promise<void> {
  const card = page.locator('[data-task-id]').filter({ has: page.getByRole('link', { name: title, exact: true }) });
  if ('before' in target) {
    const onto = page.locator('[data-task-id]').filter({ has: page.getByRole('link', { name: target.before, exact: true }) });
    await card.dragTo(onto, { targetPosition: { x: 20, y: 3 } });
    return;
  }
  const list = column(page, target.bottomOf).getByRole('list');
  const box = await list.boundingBox();
  assert.ok(box, 'the column’s list is on screen');
  await card.dragTo(list, { targetPosition: { x: 20, y: box.height - 3 } });
}

describe('the board', () => {
  let harness: Harness;
  let ada: Person;
  let bob: Person;
  let boardUrl = '';

  before(async () => {
    harness = await startHarness();
  });
  after(() => harness?.stop());

  it('shows a field error beside its input: a short password at registration', async () => {
    const context = await harness.browser.newContext({ viewport: phone });
    const page = await context.newPage();
    await page.goto(`${harness.web.url}/register`);
    await assertAccessible(page, 'the registration screen');
    await assertFitsWidth(page, 'the registration screen');
    await page.getByLabel('Display name').fill('Ada');
    await page.getByLabel('Email').fill('ada@example.com');
    await page.getByLabel('Password').fill('short');
    await page.getByRole('button', { name: 'Create account' }).click();
    const password = page.getByLabel('Password');
    await page.locator('input[aria-invalid="true"]').waitFor();
    const describedBy = await password.getAttribute('aria-describedby');
    assert.ok(describedBy, 'the password input points at its error');
    assert.match((await page.locator(`[id="${describedBy}"]`).textContent()) ?? '', /10/);
    assert.equal(await page.getByLabel('Email').getAttribute('aria-invalid'), null, 'only the password is marked');
    await page.getByRole('link', { name: /sign in/ }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await assertAccessible(page, 'the sign-in screen');
    await assertFitsWidth(page, 'the sign-in screen');
    await context.close();
  });

  it('lets Ada make a project with Bob in it, drag cards between and within columns, and keeps their order over a reload', async () => {
    ada = await harness.person('Ada');
    bob = await harness.person('Bob', phone);
    await checkScreen(ada.page, bob.page, 'the projects screen');
    const page = ada.page;
    boardUrl = await createProject(page, 'Launch');
    await addMember(page, boardUrl, 'Bob');
    await bob.page.goto(`${boardUrl}/members`);
    await bob.page.getByRole('listitem').filter({ hasText: 'Ada' }).waitFor();
    await checkScreen(page, bob.page, 'the members screen');

    await page.getByRole('link', { name: 'Board' }).click();
    for (const title of ['Write the press release', 'Book the venue', 'Print the flyers']) await addTask(page, 'To do', title);
    await addTask(page, 'In progress', 'Hire the caterer');
    await waitForCards(page, 'To do', ['Write the press release', 'Book the venue', 'Print the flyers']);

    await drag(page, 'Book the venue', { bottomOf: 'In progress' });
    await waitForCards(page, 'In progress', ['Hire the caterer', 'Book the venue']);
    await waitForCards(page, 'To do', ['Write the press release', 'Print the flyers']);
    await drag(page, 'Print the flyers', { before: 'Write the press release' });
    await waitForCards(page, 'To do', ['Print the flyers', 'Write the press release']);
    await page.getByRole('status').filter({ hasText: 'Moved “Print the flyers” to To do, before “Write the press release”.' }).waitFor();

    await page.reload();
    await waitForCards(page, 'To do', ['Print the flyers', 'Write the press release']);
    await waitForCards(page, 'In progress', ['Hire the caterer', 'Book the venue']);
    assert.equal(await column(page, 'To do').locator('.count').textContent(), '2');
    assert.equal(await column(page, 'In progress').locator('.count').textContent(), '2');
    await bob.page.goto(boardUrl);
    await waitForCards(bob.page, 'To do', ['Print the flyers', 'Write the press release']);
    await checkScreen(page, bob.page, 'the board');
    await screenshot(page, 'board');
  });

  it('moves cards from the keyboard, keeping the focus on the card moved, and a reload keeps the order', async () => {
    const page = ada.page;
    const moveHire = page.getByRole('button', { name: 'Move “Hire the caterer”' });
    await moveHire.focus();
    await page.keyboard.press('Enter');
    // Up is disabled on the top card, so Tab goes to Down.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await waitForCards(page, 'In progress', ['Book the venue', 'Hire the caterer']);
    await page.waitForFunction(() => document.activeElement?.getAttribute('aria-label') === 'Move “Hire the caterer”');

    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'To In review' }).focus();
    await page.keyboard.press('Enter');
    await waitForCards(page, 'In review', ['Hire the caterer']);
    await waitForCards(page, 'In progress', ['Book the venue']);
    await page.getByRole('status').filter({ hasText: 'Moved “Hire the caterer” to In review, at the bottom.' }).waitFor();
    await page.waitForFunction(() => document.activeElement?.getAttribute('aria-label') === 'Move “Hire the caterer”');

    await page.reload();
    await waitForCards(page, 'In review', ['Hire the caterer']);
    await waitForCards(page, 'In progress', ['Book the venue']);
  });

  it('puts a move back, with a message, when the server cannot be reached', async () => {
    const page = ada.page;
    await ada.context.setOffline(true);
    await page.getByRole('button', { name: 'Move “Book the venue”' }).click();
    await page.getByRole('button', { name: 'To Done' }).click();
    await page.getByRole('alert').filter({ hasText: 'The server cannot be reached' }).waitFor();
    await waitForCards(page, 'In progress', ['Book the venue']);
    await waitForCards(page, 'Done', []);
    await page.getByRole('status').filter({ hasText: '“Book the venue” could not be moved: it is back where it was.' }).waitFor();
    await ada.context.setOffline(false);
  });

  it('edits a task in the drawer: fields, assignee, labels (a duplicate name is a field error), comments newest first', async () => {
    const page = ada.page;
    await page.reload();
    await page.getByRole('link', { name: 'Write the press release' }).click();
    const drawer = page.getByRole('dialog', { name: 'Write the press release' });
    await drawer.getByLabel('Description').fill('For the local papers');
    await drawer.getByLabel('Priority').selectOption('HIGH');
    await drawer.getByLabel('Due date').fill('2031-05-01');
    await drawer.getByRole('button', { name: 'Save' }).click();
    await column(page, 'To do').getByText('high').waitFor();
    await column(page, 'To do')
      .getByText(`due ${await page.evaluate(() => new Date('2031-05-01T23:59:59').toLocaleDateString())}`)
      .waitFor();
    await drawer.getByLabel('Assignee').selectOption({ label: 'Bob' });
    await column(page, 'To do').getByText('Bob').waitFor();

    await drawer.getByLabel('New label').fill('Press');
    await drawer.getByRole('button', { name: 'Create label' }).click();
    // Checked once the server has set the task's labels (the box shows what the task has).
    await drawer.getByRole('checkbox', { name: 'Press' }).click();
    await drawer.getByRole('checkbox', { name: 'Press', checked: true }).waitFor();
    await column(page, 'To do').locator('.label').filter({ hasText: 'Press' }).waitFor();
    await drawer.getByLabel('New label').fill('press');
    await drawer.getByRole('button', { name: 'Create label' }).click();
    const labelName = drawer.getByLabel('New label');
    await drawer.locator('input[aria-invalid="true"]').waitFor();
    const describedBy = await labelName.getAttribute('aria-describedby');
    assert.ok(describedBy, 'the label name input points at its error');
    assert.match((await page.locator(`[id="${describedBy}"]`).textContent()) ?? '', /already|exists|unique/i);
    await drawer.getByLabel('New label').fill('');

    const comments = drawer.getByRole('list', { name: 'Comments, newest first' });
    for (const body of ['First draft is ready', 'Sent to the editor']) {
      await drawer.getByLabel('Add a comment').fill(body);
      await drawer.getByRole('button', { name: 'Comment', exact: true }).click();
      await comments.getByText(body).waitFor();
    }
    assert.deepEqual(await comments.locator('.comment-body').allTextContents(), ['Sent to the editor', 'First draft is ready']);
    const first = comments.getByRole('listitem').filter({ hasText: 'First draft is ready' });
    await first.getByRole('button', { name: 'Edit comment' }).click();
    await first.getByLabel('Comment text').fill('First draft is ready for review');
    await first.getByRole('button', { name: 'Save comment' }).click();
    await comments.getByText('First draft is ready for review').waitFor();
    await comments.getByRole('listitem').filter({ hasText: 'First draft is ready for review' }).getByText('(edited)').waitFor();
    await comments.getByRole('listitem').filter({ hasText: 'Sent to the editor' }).getByRole('button', { name: 'Delete comment' }).click();
    await comments.getByText('Sent to the editor').waitFor({ state: 'detached' });
    await assertAccessible(page, 'the task drawer');
    await screenshot(page, 'task-drawer');

    await page.reload();
    const reloaded = page.getByRole('dialog', { name: 'Write the press release' });
    await reloaded.getByText('First draft is ready for review').waitFor();
    assert.deepEqual(await reloaded.getByRole('list', { name: 'Comments, newest first' }).locator('.comment-body').allTextContents(), [
      'First draft is ready for review',
    ]);
    assert.equal(await reloaded.getByRole('checkbox', { name: 'Press' }).isChecked(), true);
    assert.equal(await reloaded.getByLabel('Description').inputValue(), 'For the local papers');

    await bob.page.goto(`${boardUrl}?task=${new URL(page.url()).searchParams.get('task')}`);
    await bob.page
      .getByRole('dialog', { name: 'Write the press release' })
      .getByRole('list', { name: 'Comments, newest first' })
      .getByText('First draft is ready for review')
      .waitFor();
    await assertAccessible(bob.page, 'the task drawer at 375 px');
    await assertFitsWidth(bob.page, 'the task drawer');
    await reloaded.getByRole('button', { name: 'Close task' }).click();
  });

  it('filters the board by assignee, label, priority and search', async () => {
    const page = ada.page;
    const filters = page.getByRole('search', { name: 'Filter the board' });
    const toDo = ['Print the flyers', 'Write the press release'];
    await waitForCards(page, 'To do', toDo);
    const only = async (titles: string[]) => {
      await waitForCards(page, 'To do', titles);
      await waitForCards(page, 'In progress', []);
      await waitForCards(page, 'In review', []);
    };
    await filters.getByLabel('Assignee').selectOption({ label: 'Bob' });
    await only(['Write the press release']);
    await filters.getByLabel('Assignee').selectOption({ label: 'Nobody' });
    await waitForCards(page, 'To do', ['Print the flyers']);
    await filters.getByLabel('Assignee').selectOption({ label: 'Anyone' });
    await filters.getByLabel('Label').selectOption({ label: 'Press' });
    await only(['Write the press release']);
    await filters.getByLabel('Label').selectOption({ label: 'Any label' });
    await filters.getByLabel('Priority').selectOption('HIGH');
    await only(['Write the press release']);
    await filters.getByLabel('Priority').selectOption('');
    await filters.getByLabel('Search').fill('flyers');
    await only(['Print the flyers']);
    // A card that comes to match the filters joins its column: Ada names another task so that the search finds it.
    await page.getByLabel('New task in In progress').fill('Collect the flyers');
    await column(page, 'In progress').getByRole('button', { name: 'Add' }).click();
    await waitForCards(page, 'In progress', ['Collect the flyers']);
    await filters.getByLabel('Search').fill('');
    await waitForCards(page, 'To do', toDo);
    await waitForCards(page, 'In progress', ['Book the venue', 'Collect the flyers']);
  });

  it('shows the project’s activity, newest first', async () => {
    await ada.page.getByRole('link', { name: 'Activity' }).click();
    const feed = ada.page.getByRole('list', { name: 'Activity, newest first' });
    await feed.getByRole('listitem').filter({ hasText: 'Ada created Collect the flyers' }).waitFor();
    assert.match((await feed.getByRole('listitem').first().textContent()) ?? '', /Ada created Collect the flyers/);
    await bob.page.goto(`${boardUrl}/activity`);
    await bob.page.getByRole('list', { name: 'Activity, newest first' }).getByText('Write the press release').first().waitFor();
    await checkScreen(ada.page, bob.page, 'the activity screen');
  });

  it('archives a project (read-only, then open again) and deletes one after a confirmation', async () => {
    const page = ada.page;
    await page.getByRole('link', { name: 'All projects' }).click();
    await page.getByRole('button', { name: 'Archive Launch' }).click();
    await page.getByRole('button', { name: 'Unarchive Launch' }).waitFor();
    await page.getByRole('listitem').filter({ hasText: 'Launch' }).getByText('archived', { exact: true }).waitFor();
    await page.getByRole('link', { name: 'Launch' }).click();
    await page.getByText('This project is archived').waitFor();
    await column(page, 'To do').getByRole('link', { name: 'Print the flyers' }).waitFor();
    assert.equal(await page.getByLabel('New task in To do').count(), 0, 'an archived board has no new-task forms');
    assert.equal(await page.getByRole('button', { name: /^Move/ }).count(), 0, 'nor Move menus');
    await page.getByRole('link', { name: 'All projects' }).click();
    await page.getByRole('button', { name: 'Unarchive Launch' }).click();
    await page.getByRole('button', { name: 'Archive Launch' }).waitFor();

    await page.getByLabel('Project name').fill('Old plans');
    await page.getByRole('button', { name: 'Create project' }).click();
    await page.getByRole('button', { name: 'Delete Old plans' }).click();
    await page.getByRole('button', { name: 'Keep it' }).click();
    await page.getByRole('button', { name: 'Delete Old plans' }).click();
    await assertAccessible(page, 'the projects screen with a confirmation');
    await page.getByRole('button', { name: 'Delete for good' }).click();
    await page.getByRole('link', { name: 'Old plans' }).waitFor({ state: 'detached', timeout: liveMs });
    await page.getByRole('link', { name: 'Launch' }).waitFor();
    // Bob is no owner here: he has no such buttons.
    await bob.page.goto(harness.web.url);
    await bob.page.getByRole('link', { name: 'Launch' }).waitFor();
    assert.equal(await bob.page.getByRole('button', { name: /Delete|Archive/ }).count(), 0);
  });

  it('signs Bob in again on a new page (a reload keeps the session)', async () => {
    const context = await harness.browser.newContext({ viewport: phone });
    const page = await context.newPage();
    await page.goto(`${harness.web.url}/login`);
    await page.getByLabel('Email').fill('bob@example.com');
    await page.getByLabel('Password').fill('correct horse battery');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('link', { name: 'Launch' }).waitFor();
    await page.reload();
    await page.getByRole('link', { name: 'Launch' }).waitFor();
    await context.close();
  });
});
