/**
 * The account screens in the browser, with every email read from a real SMTP server run by the test (the stack's
 * notifications send to it, and its links open this app): a password reset from the sign-in screen; confirming an
 * email address; Ada inviting Carol, who has no account yet, by email, Carol signing up from the link, confirming her
 * address and landing in the project; the sessions list, whose revoke signs the other browser out at once;
 * notification preferences; deleting an account. Every new screen passes axe and fits 375 px.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { linkToken, mailsTo, SmtpCatcher } from '@taskgraph/e2e/smtp-catcher';
import type { Page } from 'playwright-core';
import { assertAccessible } from './browser.js';
import { assertScreen, column, createProject, type Harness, liveMs, type Person, phone, startHarness, waitForLive } from './harness.js';

const PASSWORD = 'correct horse battery';
const NEW_PASSWORD = 'a brand new passphrase';

describe('the account screens', () => {
  const smtp = new SmtpCatcher();
  let harness: Harness;
  let ada: Person;
  let rita: Person;

  before(async () => {
    await smtp.start();
    harness = await startHarness({ SMTP_URL: smtp.url, EMAIL_SEND_INTERVAL_MS: '100' });
  });
  after(async () => {
    await harness?.stop();
    await smtp.stop();
  });

  /** The link to `page` of the app in the `count`-th email to `address` about `subject`, once it has arrived. */
  async function emailedLink(address: string, subject: string, page: string, count = 1): Promise<string> {
    const mails = await mailsTo(smtp, address, subject, count);
    const url = new URL(page, harness.web.url);
    url.searchParams.set('token', linkToken(mails[count - 1]!, url.href));
    return url.href;
  }

  /** A browser context of nobody signed in yet. */
  async function visitor(viewport = phone): Promise<Page> {
    const page = await (await harness.browser.newContext({ viewport })).newPage();
    page.setDefaultTimeout(liveMs);
    return page;
  }

  async function signIn(page: Page, email: string, password: string): Promise<void> {
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }

  /** Does what changes a preference, and waits for the server's answer (a reload before it would cancel the change). */
  async function saved(page: Page, change: () => Promise<void>): Promise<void> {
    const answered = page.waitForResponse(
      (response) => response.request().postDataJSON()?.operationName === 'UpdateNotificationPreferences',
    );
    await change();
    const { errors } = (await (await answered).json()) as { errors?: unknown };
    assert.equal(errors, undefined, 'the change is saved');
  }

  it('resets a forgotten password from the sign-in screen with the emailed link, which works once, and ends the old session', async () => {
    rita = await harness.person('Rita');
    const page = await visitor();
    await page.goto(`${harness.web.url}/login`);
    await page.getByRole('link', { name: 'Forgot password?' }).click();
    await page.getByRole('heading', { name: 'Forgot your password?' }).waitFor();
    await assertScreen(page, 'the forgot-password screen');
    await page.getByLabel('Email').fill('rita@example.com');
    await page.getByRole('button', { name: 'Send the link' }).click();
    await page.getByRole('status').filter({ hasText: 'we have emailed it a link' }).waitFor();

    const link = await emailedLink('rita@example.com', 'Reset your taskgraph password', '/reset-password');
    await page.goto(link);
    await page.getByRole('heading', { name: 'Choose a new password' }).waitFor();
    await assertScreen(page, 'the reset-password screen');
    const newPassword = page.getByLabel('New password', { exact: true });
    await newPassword.fill('short');
    await page.getByRole('button', { name: 'Set the new password' }).click();
    await page.locator('input[aria-invalid="true"]').waitFor();
    const describedBy = await newPassword.getAttribute('aria-describedby');
    assert.match((await page.locator(`[id="${describedBy}"]`).textContent()) ?? '', /10/, 'the password’s error is beside it');
    await newPassword.fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Set the new password' }).click();
    await page.getByRole('heading', { name: 'Your password is changed' }).waitFor();

    await page.goto(link);
    await page.getByLabel('New password', { exact: true }).fill('yet another passphrase');
    await page.getByRole('button', { name: 'Set the new password' }).click();
    await page.getByRole('alert').filter({ hasText: 'This link is invalid, used or expired' }).waitFor();
    await page.context().close();

    // The reset ended Rita's session in her other browser: it is back at the sign-in screen, and the new password works.
    await rita.page.reload();
    await rita.page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await signIn(rita.page, 'rita@example.com', NEW_PASSWORD);
    await rita.page.getByRole('heading', { name: 'Projects' }).waitFor();
  });

  it('asks an unconfirmed user to confirm their address, sends the link again, and confirms it from the email', async () => {
    const vera = await harness.person('Vera');
    const notice = vera.page.getByRole('region', { name: 'Email confirmation' });
    await notice.getByText('vera@example.com').waitFor();
    await notice.getByRole('button', { name: 'Send the link again' }).click();
    await notice.getByRole('status').filter({ hasText: 'Sent' }).waitFor();

    // The second email, the one asked for again; the first (at registration) would do as well.
    await vera.page.goto(await emailedLink('vera@example.com', 'Confirm your email address', '/verify-email', 2));
    await vera.page.getByRole('status').filter({ hasText: 'Your email address is confirmed.' }).waitFor();
    await assertScreen(vera.page, 'the verify-email screen');
    await vera.page.getByRole('link', { name: 'Go to your projects' }).click();
    await vera.page.getByRole('link', { name: 'Account' }).click();
    await vera.page.getByText('confirmed', { exact: true }).waitFor();
    assert.equal(await notice.count(), 0, 'the notice is gone');
    await vera.context.close();
  });

  it('lets Ada invite Carol by email; Carol signs up from the link, confirms her address and lands in the project', async () => {
    ada = await harness.person('Ada');
    const boardUrl = await createProject(ada.page, 'Launch');
    await ada.page.getByRole('link', { name: 'Members' }).click();
    const invite = ada.page.getByRole('form', { name: 'Invite by email' });
    const pending = ada.page.getByRole('list', { name: 'Pending invitations' });
    for (const email of ['carol@example.com', 'dan@example.com']) {
      await invite.getByLabel('Email to invite').fill(email);
      await invite.getByRole('button', { name: 'Send invitation' }).click();
      await pending.getByText(email).waitFor();
    }
    await assertScreen(ada.page, 'the members screen with its invitations');
    await pending.getByRole('button', { name: 'Revoke the invitation to dan@example.com' }).click();
    await pending.getByText('dan@example.com').waitFor({ state: 'detached' });

    const carol = await visitor();
    const invitation = await emailedLink('carol@example.com', 'invited you to', '/invitations/accept');
    await carol.goto(invitation);
    // Signed out: the app asks her to sign in, or sign up, and then comes back to the invitation.
    await carol.getByRole('heading', { name: 'Sign in' }).waitFor();
    await carol.getByRole('link', { name: 'New here? Create an account' }).click();
    await carol.getByLabel('Display name').fill('Carol');
    await carol.getByLabel('Email').fill('carol@example.com');
    await carol.getByLabel('Password').fill(PASSWORD);
    await carol.getByRole('button', { name: 'Create account' }).click();
    await carol.getByRole('alert').filter({ hasText: 'Confirm your email address first' }).waitFor();
    await assertScreen(carol, 'the invitation screen of an unconfirmed address');

    await carol.goto(await emailedLink('carol@example.com', 'Confirm your email address', '/verify-email'));
    await carol.getByRole('status').filter({ hasText: 'Your email address is confirmed.' }).waitFor();
    await carol.goto(invitation);
    await carol.getByRole('heading', { name: 'Launch' }).waitFor();
    await column(carol, 'To do').waitFor();
    assert.equal(new URL(carol.url()).pathname, new URL(boardUrl).pathname, 'Carol is on the project’s board');
    await carol.context().close();
  });

  it('lists Ada’s two sessions; revoking the other one signs that browser out at once', async () => {
    const elsewhere = await visitor();
    await elsewhere.goto(`${harness.web.url}/login`);
    await signIn(elsewhere, 'ada@example.com', PASSWORD);
    await elsewhere.getByRole('heading', { name: 'Projects' }).waitFor();
    await waitForLive(elsewhere);

    await ada.page.getByRole('link', { name: 'Account' }).click();
    const sessions = ada.page.getByRole('region', { name: 'Where you are signed in' }).getByRole('listitem');
    await sessions.nth(1).waitFor();
    assert.equal(await sessions.count(), 2);
    assert.equal(await sessions.filter({ hasText: 'this browser' }).count(), 1);
    await assertScreen(ada.page, 'the account screen');

    await ada.page.getByRole('button', { name: /^Revoke the session/ }).click();
    await ada.page.getByRole('button', { name: /^Revoke the session/ }).waitFor({ state: 'detached' });
    assert.equal(await sessions.count(), 1);
    // Its live socket is closed and its session cannot be renewed: that browser shows the sign-in screen by itself.
    await elsewhere.getByRole('heading', { name: 'Sign in' }).waitFor();
    await elsewhere.context().close();
  });

  it('keeps Ada’s notification preferences, per kind and channel', async () => {
    const byEmail = ada.page.getByLabel('Someone comments on your task: by email');
    assert.equal(await byEmail.isChecked(), false, 'comments are not emailed by default');
    await saved(ada.page, () => byEmail.check());
    await saved(ada.page, () => ada.page.getByLabel('A task is assigned to you: in the app').uncheck());
    await ada.page.reload();
    await ada.page.getByLabel('Someone comments on your task: by email').waitFor();
    assert.equal(await ada.page.getByLabel('Someone comments on your task: by email').isChecked(), true);
    assert.equal(await ada.page.getByLabel('A task is assigned to you: in the app').isChecked(), false);
    assert.equal(await ada.page.getByLabel('A task is assigned to you: by email').isChecked(), true, 'the other channel kept');
  });

  it('deletes Rita’s account once she gives her password, and signs her out', async () => {
    await rita.page.getByRole('link', { name: 'Account' }).click();
    await rita.page.getByRole('button', { name: 'Delete my account' }).click();
    const password = rita.page.getByLabel('Your password');
    await password.fill('not her password');
    await rita.page.getByRole('button', { name: 'Delete my account for good' }).click();
    await rita.page.locator('input[aria-invalid="true"]').waitFor();
    await assertAccessible(rita.page, 'the account deletion form');
    await password.fill(NEW_PASSWORD);
    await rita.page.getByRole('button', { name: 'Delete my account for good' }).click();
    await rita.page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await signIn(rita.page, 'rita@example.com', NEW_PASSWORD);
    await rita.page.getByRole('alert').waitFor();
    assert.equal(new URL(rita.page.url()).pathname, '/login', 'the account is gone');
  });
});
