/**
 * Live, between two browsers on the real stack: Ada (a desktop) and Bob (a phone, 375 px wide) on the same board.
 * What one does shows in the other's board, drawer and bell without a reload; a browser that goes offline catches up
 * from its last cursor when it is back; and Bob, removed from the project, has its board closed with a message.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { assertAccessible, assertFitsWidth } from './browser.js';
import {
  addMember,
  addTask,
  cardTitles,
  column,
  createProject,
  type Harness,
  liveMs,
  type Person,
  phone,
  screenshot,
  startHarness,
  waitForCards,
  waitForLive,
  waitForUnread,
} from './harness.js';

describe('the board, live', () => {
  let harness: Harness;
  let ada: Person;
  let bob: Person;
  let boardUrl = '';

  before(async () => {
    harness = await startHarness();
    [ada, bob] = await Promise.all([harness.person('Ada'), harness.person('Bob', phone)]);
    boardUrl = await createProject(ada.page, 'Launch');
    await addMember(ada.page, boardUrl, 'Bob');
    await ada.page.goto(boardUrl);
    for (const title of ['Write the press release', 'Book the venue']) await addTask(ada.page, 'To do', title);
  });
  after(() => harness?.stop());

  it('raises Bob’s bell when Ada assigns him a task, and the notification opens the task', async () => {
    await bob.page.goto(boardUrl);
    await waitForCards(bob.page, 'To do', ['Write the press release', 'Book the venue']);
    await waitForLive(bob.page);
    // Loaded, not just rendered: the one unread notification so far is Ada's adding him.
    await waitForUnread(bob.page, 1);

    await ada.page.getByRole('link', { name: 'Write the press release' }).click();
    const drawer = ada.page.getByRole('dialog', { name: 'Write the press release' });
    await drawer.getByLabel('Assignee').selectOption({ label: 'Bob' });
    const assigned = Date.now();
    await waitForUnread(bob.page, 2);
    console.log(`# Bob's bell showed the assignment ${Date.now() - assigned} ms after Ada chose him`);
    // Bob's open board shows the new assignee too, from taskChanged.
    await column(bob.page, 'To do').getByText('Bob').waitFor();

    await bob.page.getByRole('button', { name: /Notifications/ }).click();
    const panel = bob.page.getByRole('region', { name: 'Notifications' });
    await panel.getByRole('button', { name: /assigned you/ }).waitFor();
    await assertAccessible(bob.page, 'the notifications');
    await assertFitsWidth(bob.page, 'the notifications');
    await screenshot(bob.page, 'bell');
    await panel.getByRole('button', { name: /assigned you/ }).click();
    await bob.page.getByRole('dialog', { name: 'Write the press release' }).waitFor();
    assert.match(bob.page.url(), /\?task=/);
    await waitForUnread(bob.page, 1);
  });

  it('shows Bob’s comment live in Ada’s open task drawer, on top', async () => {
    const adaDrawer = ada.page.getByRole('dialog', { name: 'Write the press release' });
    await adaDrawer.getByLabel('Add a comment').fill('Draft one is in the folder.');
    await adaDrawer.getByRole('button', { name: 'Comment', exact: true }).click();
    const bobDrawer = bob.page.getByRole('dialog', { name: 'Write the press release' });
    await bobDrawer.getByRole('list', { name: 'Comments, newest first' }).getByText('Draft one is in the folder.').waitFor();
    await bobDrawer.getByLabel('Add a comment').fill('Read it: looks good.');
    await bobDrawer.getByRole('button', { name: 'Comment', exact: true }).click();

    const comments = adaDrawer.getByRole('list', { name: 'Comments, newest first' });
    await comments.getByText('Read it: looks good.').waitFor();
    assert.deepEqual(await comments.locator('.comment-body').allTextContents(), ['Read it: looks good.', 'Draft one is in the folder.']);
    // Ada may delete Bob's comment (she owns the project) but not edit it.
    const bobs = comments.getByRole('listitem').filter({ hasText: 'Read it' });
    assert.equal(await bobs.getByRole('button', { name: 'Edit comment' }).count(), 0);
    assert.equal(await bobs.getByRole('button', { name: 'Delete comment' }).count(), 1);
    await adaDrawer.getByRole('button', { name: 'Close task' }).click();
    await bob.page.getByRole('dialog').getByRole('button', { name: 'Close task' }).click();
  });

  it('shows Bob’s move on Ada’s board as it happens', async () => {
    await bob.page.getByRole('button', { name: 'Move “Book the venue”' }).click();
    await bob.page.getByRole('button', { name: 'To In progress' }).click();
    await waitForCards(bob.page, 'In progress', ['Book the venue']);
    await waitForCards(ada.page, 'In progress', ['Book the venue']);
    await waitForCards(ada.page, 'To do', ['Write the press release']);
    assert.equal(await column(ada.page, 'In progress').locator('.count').textContent(), '1');
    assert.equal(await column(ada.page, 'To do').locator('.count').textContent(), '1');
  });

  it('catches Bob’s board up, without a reload, on the three changes Ada made while he was offline', async () => {
    await waitForLive(bob.page);
    await bob.context.setOffline(true);
    await bob.page.getByText('Reconnecting…').waitFor();

    await addTask(ada.page, 'To do', 'Print the flyers');
    await ada.page.getByRole('button', { name: 'Move “Print the flyers”' }).click();
    await ada.page.getByRole('button', { name: 'Up' }).click();
    await waitForCards(ada.page, 'To do', ['Print the flyers', 'Write the press release']);
    await ada.page.getByRole('button', { name: 'Move “Book the venue”' }).click();
    await ada.page.getByRole('button', { name: 'To Done' }).click();
    await waitForCards(ada.page, 'Done', ['Book the venue']);
    // Still offline: nothing of it has reached Bob.
    assert.deepEqual(await cardTitles(bob.page, 'In progress'), ['Book the venue']);

    await bob.context.setOffline(false);
    await waitForCards(bob.page, 'To do', ['Print the flyers', 'Write the press release']);
    await waitForCards(bob.page, 'Done', ['Book the venue']);
    await waitForCards(bob.page, 'In progress', []);
    await bob.page.locator('.connection[data-status="connected"]').waitFor({ state: 'attached' });
    assert.equal(await bob.page.getByText('Reconnecting…').count(), 0);
  });

  it('closes Bob’s board of the project with a message when Ada removes him', async () => {
    await ada.page.getByRole('link', { name: 'Members' }).click();
    await ada.page.getByRole('button', { name: 'Remove Bob' }).click();
    await ada.page.getByRole('listitem').filter({ hasText: 'Bob' }).waitFor({ state: 'detached' });

    await bob.page.getByRole('alert').filter({ hasText: 'You were removed from this project.' }).waitFor({ timeout: liveMs });
    assert.equal(await bob.page.locator('.board').count(), 0, 'the board is gone');
    await assertAccessible(bob.page, 'the removed member’s notice');
    await bob.page.getByRole('link', { name: 'Back to your projects' }).click();
    await bob.page.getByText('No projects yet').waitFor();
  });
});
