import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { checkAccessibility, collectPageErrors } from './support/browser';
import type { TestApp } from './support/harness';
import type { MailCatcher } from './support/mail-catcher';
import { startWebStack, type WebStack } from './support/web-stack';
import { startLiveKit, type LiveKitServer } from './support/livekit';
import { createLiveEvent } from './support/live-event';
import { freePort } from './support/ports';

/**
 * Issue 13, "sign in and stay in", in a real Chromium: the sign-in link in the site's header; the
 * sign-in lasts in a new tab (an httpOnly cookie, not this tab's storage); the live room opened from
 * the programme in a new tab gives the organiser the chair console; signing out in one tab signs the
 * other out at its next request.
 */
describe('signing in and staying in (issue 13)', () => {
  let t: TestApp;
  let smtp: MailCatcher;
  let browser: Browser | undefined;
  let stack: WebStack | undefined;
  let owner: Awaited<ReturnType<TestApp['organiser']>>;
  let ev: Awaited<ReturnType<typeof createLiveEvent>>;
  const pageErrors: string[] = [];
  let lk: LiveKitServer | undefined;

  before(async () => {
    const port = await freePort();
    // The live room opened in a new tab connects to LiveKit: a real one, so that the page's only errors are the ones the test means.
    lk = await startLiveKit({ webhookUrls: [`http://127.0.0.1:${port}/api/livekit/webhook`], logLevel: 'error' });
    // PUBLIC_URL is the page's origin: the Q&A socket of the live room checks it.
    stack = await startWebStack({ PUBLIC_URL: `http://127.0.0.1:${port}`, LIVEKIT_URL: lk.url, LIVEKIT_API_KEY: lk.apiKey, LIVEKIT_API_SECRET: lk.apiSecret, RECORDING_EGRESS: 'disabled' }, { port });
    ({ t, smtp, browser } = stack);
    owner = await t.organiser();
    ev = await createLiveEvent(t, smtp, owner.auth);
  });

  after(async () => {
    await stack?.close();
    await lk?.stop();
  });

  it('signs in from the header’s link, stays signed in in a new tab and in the live room, and signs out everywhere', { timeout: 240_000 }, async () => {
    const context = await browser!.newContext({ locale: 'en-GB', timezoneId: 'UTC', viewport: { width: 1100, height: 900 } });
    const first = await context.newPage();
    first.setDefaultTimeout(20_000);
    collectPageErrors(first, pageErrors);
    try {
      // A visible way in, from any page.
      await first.goto(t.baseUrl);
      const header = first.getByRole('banner');
      await header.getByRole('link', { name: 'Organisers: sign in' }).click();
      await first.getByRole('heading', { level: 1, name: 'Organiser sign-in' }).waitFor();
      await first.getByLabel(/^E-mail address/).fill(owner.email);
      await first.getByLabel(/^Password/).fill(owner.password);
      await first.getByRole('button', { name: 'Sign in' }).click();
      await first.getByRole('heading', { level: 1, name: 'My events' }).waitFor();
      await header.getByRole('button', { name: 'Sign out' }).waitFor();
      await checkAccessibility(first, 'signed in: the header with “My events” and “Sign out”');

      // A new tab of the same browser: still signed in, without the form.
      const second = await context.newPage();
      second.setDefaultTimeout(20_000);
      collectPageErrors(second, pageErrors);
      await second.goto(`${t.baseUrl}/organiser/events`);
      await second.getByRole('heading', { level: 1, name: 'My events' }).waitFor();
      assert.doesNotMatch(second.url(), /login/);

      // The programme (a timetable) links each session to its live room and chair console, from the session's block.
      await first.goto(`${t.baseUrl}/organiser/events/${ev.id}/programme`);
      await first.getByRole('heading', { level: 1, name: 'Programme' }).waitFor();
      await first.locator('li.tt-block', { has: first.locator('.tt-block-title', { hasText: 'Plenary now' }) }).getByRole('button', { name: /^Plenary now/ }).click();
      const dialog = first.getByRole('dialog');
      const liveLinks = dialog.locator(`a[href="/events/${ev.slug}/sessions/${ev.live}/live"]`);
      await liveLinks.waitFor();
      assert.equal(await liveLinks.count(), 1);
      assert.match((await liveLinks.textContent()) ?? '', /^Live room /);
      assert.equal(await dialog.locator(`a[href="/events/${ev.slug}/sessions/${ev.live}/live#console-title"]`).count(), 1);
      await checkAccessibility(first, 'the programme’s session with its live-room links');
      await first.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });

      // The live room in a new tab: the organiser gets the chair console, not a request for a personal link.
      const live = await context.newPage();
      live.setDefaultTimeout(20_000);
      collectPageErrors(live, pageErrors);
      await live.goto(`${t.baseUrl}/events/${ev.slug}/sessions/${ev.live}/live`);
      await live.getByRole('heading', { level: 2, name: 'Chair’s console' }).or(live.getByRole('heading', { level: 2, name: "Chair's console" })).waitFor();
      await checkAccessibility(live, 'the live room opened in a new tab by a signed-in organiser');
      await live.close();

      // Sign out in the first tab: the header offers the sign-in again.
      await header.getByRole('button', { name: 'Sign out' }).click();
      await header.getByRole('link', { name: 'Organisers: sign in' }).waitFor();
      await checkAccessibility(first, 'signed out');

      // The second tab still shows its page; its next request finds the sign-in ended and asks for it again.
      await second.getByRole('link', { name: 'Study day' }).first().click();
      await second.getByRole('heading', { level: 1, name: 'Organiser sign-in' }).waitFor();
      assert.match(second.url(), /\/organiser\/login\?next=/);
      await second.getByRole('banner').getByRole('link', { name: 'Organisers: sign in' }).waitFor();
    } finally {
      await context.close();
    }
    // Only the expected refusals: the ended sign-in (401), and the live room without a LiveKit server here.
    assert.deepEqual(pageErrors.filter((e) => !/40[1349]|422|503/.test(e)), [], pageErrors.join('\n'));
  });
});
