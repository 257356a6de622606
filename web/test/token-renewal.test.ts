/**
 * Access tokens that live 5 seconds: for a minute Ada keeps renaming a task from her browser while Bob watches the
 * board in his. Each time Bob's token expires the gateway closes his socket with 4419, graphql-ws reconnects with a
 * token its connectionParams renews, and the subscription resumes after its last cursor; Ada's requests are renewed
 * by the error link. Bob's board shows every rename, and neither page ever shows an error.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { addMember, addTask, column, createProject, type Harness, type Person, phone, startHarness, waitForLive } from './harness.js';

const TTL_SECONDS = 5;
const RUN_MS = 60_000;

const accessToken = (page: Page) => page.evaluate(() => JSON.parse(localStorage.getItem('taskgraph.session') ?? '{}').accessToken);

async function assertNoError(page: Page, who: string): Promise<void> {
  assert.deepEqual(await page.getByRole('alert').allTextContents(), [], `${who}’s page shows no error`);
}

describe('a live board with access tokens that expire every few seconds', () => {
  let harness: Harness;
  let ada: Person;
  let bob: Person;

  before(async () => {
    harness = await startHarness({ ACCESS_TOKEN_TTL_SECONDS: String(TTL_SECONDS) });
    [ada, bob] = await Promise.all([harness.person('Ada'), harness.person('Bob', phone)]);
  });
  after(() => harness?.stop());

  it(`keeps Bob’s board up to date for ${RUN_MS / 1000} s with no error shown`, async () => {
    const boardUrl = await createProject(ada.page, 'Launch');
    await addMember(ada.page, boardUrl, 'Bob');
    await ada.page.goto(boardUrl);
    await addTask(ada.page, 'To do', 'Tick 0');
    await bob.page.goto(boardUrl);
    await column(bob.page, 'To do').getByRole('link', { name: 'Tick 0' }).waitFor();
    await waitForLive(bob.page);
    const bobsFirstToken = await accessToken(bob.page);

    await ada.page.getByRole('link', { name: 'Tick 0' }).click();
    const title = ada.page.getByRole('dialog').getByLabel('Title');
    const started = Date.now();
    let renames = 0;
    while (Date.now() - started < RUN_MS) {
      renames += 1;
      await title.fill(`Tick ${renames}`);
      await ada.page.getByRole('dialog').getByRole('button', { name: 'Save' }).click();
      await ada.page.getByRole('dialog', { name: `Tick ${renames}` }).waitFor();
      await column(bob.page, 'To do')
        .getByRole('link', { name: `Tick ${renames}`, exact: true })
        .waitFor();
      await assertNoError(bob.page, 'Bob');
      await assertNoError(ada.page, 'Ada');
    }
    console.log(`# ${renames} renames in ${Math.round((Date.now() - started) / 1000)} s, every one on Bob's board`);
    assert.notEqual(await accessToken(bob.page), bobsFirstToken, 'Bob’s token was renewed on the way');
    assert.ok(renames >= 10, `Ada renamed the task ${renames} times`);
  });
});
