import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { buildWebApp, checkAccessibility, collectPageErrors, launchChromium, removeWebApp, screenshotsInto, type Screenshot } from './support/browser';
import { startTestApp, type TestApp } from './support/harness';
import { linkToken, startMailCatcher, type MailCatcher } from './support/mail-catcher';
import { createLiveEvent } from './support/live-event';
import { startLiveKit, type LiveKitServer } from './support/livekit';
import { freePort } from './support/ports';

/**
 * The live room in a real browser: Debian's chromium (fake camera and microphone) against the real API
 * serving the web app built from apps/web, and a real livekit-server. The chair opens the room from
 * their personal link, goes live and turns the camera on; an attendee registers with the form, opens the
 * link from the e-mail and the room from their personal space, sees the chair's
 * video, asks a question; the chair approves and highlights it; the attendee sees it highlighted.
 * axe-core checks both pages; screenshots go to test-results/web-live/ (git-ignored).
 */

const BOUND = 20_000;

describe('the live room in a browser', () => {
  let t: TestApp;
  let smtp: MailCatcher;
  let lk: LiveKitServer;
  let browser: Browser | undefined;
  let webDist: string;
  let screenshot: Screenshot;
  const pageErrors: string[] = [];

  before(async () => {
    webDist = buildWebApp();
    smtp = await startMailCatcher();
    const port = await freePort();
    lk = await startLiveKit({ webhookUrls: [`http://127.0.0.1:${port}/api/livekit/webhook`], logLevel: 'error' });
    t = await startTestApp(
      {
        WEB_DIST_DIR: webDist,
        PUBLIC_URL: `http://127.0.0.1:${port}`, // the page's origin: the Q&A socket checks it
        SMTP_URL: smtp.url,
        MAIL_POLL_MS: '50',
        LIVEKIT_URL: lk.url,
        LIVEKIT_API_KEY: lk.apiKey,
        LIVEKIT_API_SECRET: lk.apiSecret,
      },
      undefined,
      { port },
    );
    screenshot = screenshotsInto('web-live');
    browser = await launchChromium({ fakeMediaDevices: true, autoplay: true });
  });

  after(async () => {
    await browser?.close();
    await t?.close();
    await lk?.stop();
    await smtp?.close();
    removeWebApp(webDist);
  });

  async function newPage(): Promise<{ context: BrowserContext; page: Page }> {
    // No CSP bypass: the API's Content-Security-Policy lets the page reach LIVEKIT_URL, and nothing else.
    const context = await browser!.newContext({ locale: 'en-GB', timezoneId: 'UTC', viewport: { width: 1200, height: 900 } });
    await context.grantPermissions(['camera', 'microphone'], { origin: t.baseUrl });
    const page = await context.newPage();
    page.setDefaultTimeout(BOUND);
    collectPageErrors(page, pageErrors, { console: false });
    return { context, page };
  }

  /** Bounded: a <video> in the tile of `identity` plays a track with real frames. */
  const waitForVideo = (page: Page, identity: string) =>
    page.waitForFunction(
      // Runs in the page (a function, not a string: the app's CSP forbids eval).
      (id: string) => {
        type Video = { videoWidth: number; readyState: number };
        const page = globalThis as unknown as { document: { querySelector(selector: string): Video | null } };
        const v = page.document.querySelector(`.tile[data-identity="${id}"] video`);
        return !!v && v.videoWidth > 0 && v.readyState >= 2;
      },
      identity,
      { timeout: BOUND },
    );

  it('an attendee registers, opens the e-mailed link, joins the live session and sees the chair’s video, asks; the chair approves and highlights; the attendee sees it, raises a hand and is invited on stage, and the chair sees their video', { timeout: 240_000 }, async () => {
    const owner = await t.organiser();
    const ev = await createLiveEvent(t, smtp, owner.auth);
    const livePath = `/events/${ev.slug}/sessions/${ev.live}/live`;
    const chairMail = await smtp.waitFor(`eve-${ev.slug}@example.org`);

    const chair = await newPage();
    const attendee = await newPage();
    try {
      // The chair opens the room from the personal link (in the fragment, taken out of the address).
      const c = chair.page;
      await c.goto(`${t.baseUrl}${livePath}#${linkToken(chairMail)}`);
      await c.getByRole('heading', { level: 2, name: "Chair's console" }).waitFor();
      assert.equal(new URL(c.url()).hash, '', 'the token leaves the address bar');
      await c.locator('.connection[data-state="connected"]').waitFor();
      await c.getByRole('button', { name: 'Go live' }).click();
      await c.locator('.room-state[data-state="live"]').waitFor();
      await c.getByRole('button', { name: 'Camera', exact: true }).click();
      const chairIdentity = await c.locator('.tile').first().getAttribute('data-identity');
      assert.match(chairIdentity ?? '', /^p:/);
      await waitForVideo(c, chairIdentity!);
      await checkAccessibility(c, 'the live room, chair');
      await screenshot(c, '01-chair-live');

      // The attendee registers with the form, opens the personal link from the e-mail (the personal
      // space keeps the access token for the tab), then the room from the join link there.
      const a = attendee.page;
      await a.goto(`${t.baseUrl}/events/${ev.slug}/register`);
      const form = a.getByRole('form', { name: 'Register' });
      const adaEmail = `ada.${Date.now().toString(36)}@example.org`;
      await form.getByRole('textbox', { name: /^Full name/ }).fill('Ada Watcher');
      await form.getByRole('textbox', { name: /^E-mail address/ }).fill(adaEmail);
      await form.getByRole('checkbox', { name: /^I agree that my name, e-mail address and affiliation/ }).check();
      await form.getByRole('button', { name: 'Register' }).click();
      await a.getByRole('heading', { level: 1, name: 'You are registered' }).waitFor();
      await a.goto(`${t.baseUrl}/me#${linkToken(await smtp.waitFor(adaEmail))}`);
      await a.getByText('Ada Watcher, your seat is confirmed.').waitFor();
      await a.getByRole('link', { name: /^Join.*Plenary now/ }).click();
      await a.waitForURL(`${t.baseUrl}${livePath}`);
      await a.locator('.room-state[data-state="live"]').waitFor();
      await a.locator('.connection[data-state="connected"]').waitFor();
      await waitForVideo(a, chairIdentity!);
      assert.equal(await a.getByRole('heading', { name: "Chair's console" }).count(), 0, 'no console for an attendee');
      assert.equal(await a.getByRole('button', { name: 'Camera', exact: true }).count(), 0, 'an attendee does not publish');

      // A question.
      const text = `How do peers become experts? ${Date.now().toString(36)}`;
      await a.getByRole('textbox', { name: 'Your question' }).fill(text);
      await a.getByRole('button', { name: 'Send my question' }).click();
      await a.locator('.questions.mine .question', { hasText: text }).waitFor();
      await checkAccessibility(a, 'the live room, attendee');
      await screenshot(a, '02-attendee-asked');

      // The chair approves it (when the session moderates first) and highlights it.
      const queued = c.locator('.console .question', { hasText: text });
      await queued.waitFor();
      if ((await queued.getAttribute('data-state')) === 'pending') {
        await queued.getByRole('button', { name: 'Approve' }).click();
        await c.locator('.console .question[data-state="approved"]', { hasText: text }).waitFor();
      }
      await queued.getByRole('button', { name: 'Highlight' }).click();
      await c.locator('.highlighted-question', { hasText: text }).waitFor();

      // The attendee sees it highlighted.
      await a.locator('.highlighted-question', { hasText: text }).waitFor();
      await a.locator('.questions.mine .question[data-state="approved"]', { hasText: text }).waitFor();
      await checkAccessibility(a, 'the live room with a highlighted question');
      await checkAccessibility(c, 'the console with a highlighted question');
      await screenshot(a, '03-attendee-highlighted');
      await screenshot(c, '04-chair-highlighted');

      // Ada raises her hand; the chair invites her on stage from the queue: her camera and
      // microphone come on by themselves, and the chair sees her video.
      await a.getByRole('button', { name: 'Raise my hand' }).click();
      // The console's hands are in their own tab, which counts them.
      await c.getByRole('tab', { name: 'Hands (1)' }).click();
      await c.getByRole('button', { name: 'Invite Ada Watcher on stage' }).click();
      await a.getByText('You are on stage: your camera and microphone are on.').waitFor({ timeout: BOUND });
      const adaTile = a.locator('.tile[data-identity^="r:"]').first();
      await adaTile.waitFor({ timeout: BOUND });
      const adaIdentity = (await adaTile.getAttribute('data-identity'))!;
      await waitForVideo(c, adaIdentity);
      await screenshot(c, '05-chair-sees-attendee-on-stage');
    } catch (error) {
      await screenshot(chair.page, 'failed-chair').catch(() => undefined);
      await screenshot(attendee.page, 'failed-attendee').catch(() => undefined);
      throw error;
    } finally {
      await chair.context.close();
      await attendee.context.close();
    }
    assert.deepEqual(pageErrors, [], 'no uncaught error in the pages');
  });
});
