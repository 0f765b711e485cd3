import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { EventWithProgrammeView } from '@amphi/contracts';
import { buildWebApp, checkAccessibility, collectPageErrors, launchChromium, removeWebApp, screenshotsInto, type Screenshot } from './support/browser';
import { startTestApp, type TestApp } from './support/harness';
import { linkToken, startMailCatcher, type MailCatcher } from './support/mail-catcher';
import { createLiveEvent } from './support/live-event';
import { startLiveKit, type LiveKitServer } from './support/livekit';
import { freePort } from './support/ports';
import { wavFile } from './support/media';

/**
 * The chair's console in a real browser (Debian's chromium with a fake camera and microphone), the
 * real API serving the web app built from apps/web, and a real livekit-server:
 * - ending asks first; the attendee then reads that the session has ended, loses the question form,
 *   the votes and the raised hand, and the session page and the personal space say it too; the
 *   chair reopens it and the room comes back;
 * - the chair mutes an attendee on stage, whose page says so in French;
 * - pre-moderation switched on: an attendee's question waits, and reaches the chair's queue;
 * - recording without an egress worker says so at once, in words;
 * - every page checked at 1280×800 and 390×844: no horizontal scrolling, the stage and the panels
 *   visible, no serious axe-core violation;
 * - the demo: the organiser `npm start` creates chairs the live demo session: signed in, they go
 *   live on camera from the live page, and an attendee sees them on stage.
 * Screenshots go to test-results/web-console/ (git-ignored).
 */

const BOUND = 20_000;
const WIDE = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
const ORGANISER = { ORGANISER_EMAIL: 'chair.demo@example.org', ORGANISER_PASSWORD: 'a long enough password', ORGANISER_NAME: 'Camille Demo' };

describe('the chair’s console in a browser', () => {
  let t: TestApp;
  let smtp: MailCatcher;
  let lk: LiveKitServer;
  let browser: Browser | undefined;
  let webDist: string;
  let screenshot: Screenshot;
  const pageErrors: string[] = [];
  const contexts: BrowserContext[] = [];
  const pages: Page[] = [];

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
        RECORDING_EGRESS: 'disabled', // no egress worker here: recording answers 503 at once
        DEMO_DATA: 'true', // the demo, as `npm start` loads it, with its organiser
        ...ORGANISER,
      },
      undefined,
      { port },
    );
    screenshot = screenshotsInto('web-console');
    browser = await launchChromium({ fakeMediaDevices: true, autoplay: true });
  });

  after(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await t?.close();
    await lk?.stop();
    await smtp?.close();
    removeWebApp(webDist);
  });

  async function newPage(options: { locale?: string; viewport?: { width: number; height: number } } = {}): Promise<Page> {
    const context = await browser!.newContext({ locale: options.locale ?? 'en-GB', timezoneId: 'UTC', viewport: options.viewport ?? WIDE });
    contexts.push(context);
    await context.grantPermissions(['camera', 'microphone'], { origin: t.baseUrl });
    const page = await context.newPage();
    pages.push(page);
    page.setDefaultTimeout(BOUND);
    collectPageErrors(page, pageErrors, { console: false });
    return page;
  }

  /** Registers someone for an event through the public API and answers the token of the personal link they receive. */
  async function register(slug: string, name: string, language: 'en' | 'fr'): Promise<string> {
    const email = `${name.toLowerCase().replace(/\W+/g, '.')}.${Date.now().toString(36)}@example.org`;
    await t.http().post(`/api/public/events/${slug}/registrations`).send({ name, email, language, privacyConsent: true }).expect(200);
    return linkToken(await smtp.waitFor(email));
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

  /** No horizontal scrolling, the stage and the panels on screen, axe-core content. */
  async function checkLayout(page: Page, name: string, { console: withConsole }: { console: boolean }) {
    const size = await page.evaluate(() => {
      const g = globalThis as unknown as { innerWidth: number; document: { documentElement: { scrollWidth: number } } };
      return { scrollWidth: g.document.documentElement.scrollWidth, innerWidth: g.innerWidth };
    });
    assert.ok(size.scrollWidth <= size.innerWidth, `${name}: no horizontal scrolling (${size.scrollWidth} px wide in ${size.innerWidth})`);
    assert.ok(await page.locator('.stage-area').isVisible(), `${name}: the stage is visible`);
    assert.ok(await page.locator('section.qa').isVisible(), `${name}: the questions are visible`);
    if (withConsole) assert.ok(await page.locator('section.console').isVisible(), `${name}: the console is visible`);
    else assert.equal(await page.locator('section.console').count(), 0, `${name}: no console`);
    await checkAccessibility(page, name);
  }

  async function atBothSizes(page: Page, name: string, options: { console: boolean }) {
    await checkLayout(page, `${name} at 1280×800`, options);
    await screenshot(page, `${name}-1280`);
    await page.setViewportSize(PHONE);
    await checkLayout(page, `${name} at 390×844`, options);
    await screenshot(page, `${name}-390`);
    await page.setViewportSize(WIDE);
  }

  /** Runs a test's steps; when one fails, a screenshot of every open page (failed-<test>-<n>.png). */
  const steps = (name: string, body: () => Promise<void>) => async () => {
    try {
      await body();
    } catch (error) {
      for (const [i, page] of pages.entries()) await screenshot(page, `failed-${name}-${i}`).catch(() => undefined);
      throw error;
    }
  };

  let ev: Awaited<ReturnType<typeof createLiveEvent>>;
  let owner: { Authorization: string };
  let livePath: string;
  let chair: Page;
  let ada: Page;
  let chairIdentity: string;

  it('the chair goes live with camera and microphone, whose buttons say their state; recording without an egress worker says so at once', { timeout: 120_000 }, steps('t1', async () => {
    owner = (await t.organiser()).auth;
    ev = await createLiveEvent(t, smtp, owner);
    livePath = `/events/${ev.slug}/sessions/${ev.live}/live`;
    chair = await newPage();
    const c = chair;
    await c.goto(`${t.baseUrl}${livePath}#${linkToken(await smtp.waitFor(`eve-${ev.slug}@example.org`))}`);
    await c.getByRole('heading', { level: 2, name: "Chair's console" }).waitFor();
    await c.locator('.connection[data-state="connected"]').waitFor();
    // Nobody publishes yet: the stage is a short line, the panels have the room.
    await c.locator('.live-layout[data-stage="empty"]').waitFor();
    await c.getByText('Nobody is on stage yet.').waitFor();
    await c.getByRole('button', { name: 'Go live' }).click();
    await c.locator('.room-state[data-state="live"]').waitFor();
    await c.getByRole('heading', { level: 1, name: 'Plenary now — live' }).waitFor();

    const camera = c.getByRole('button', { name: 'Camera', exact: true });
    const microphone = c.getByRole('button', { name: 'Microphone', exact: true });
    assert.equal(await camera.getAttribute('aria-pressed'), 'false');
    assert.match((await camera.textContent()) ?? '', /off$/);
    await camera.click();
    await c.locator('button[aria-pressed="true"][data-source="camera"]').waitFor();
    assert.match((await camera.textContent()) ?? '', /on$/);
    await microphone.click();
    await c.locator('button[aria-pressed="true"][data-source="microphone"]').waitFor();
    chairIdentity = (await c.locator('.tile').first().getAttribute('data-identity'))!;
    await waitForVideo(c, chairIdentity);
    await c.locator('.live-layout[data-stage="occupied"]').waitFor();

    // No egress worker: the console says so in words at once, and no recording is left behind.
    await c.getByRole('button', { name: 'Start recording' }).click();
    // The catalogue's RECORDING_UNAVAILABLE text (libs/contracts messages/errors.ts), by its reason.
    await c.locator('.console-status').getByText(/^(Recording is not possible right now|This server cannot record live sessions|The recording service does not answer)/).waitFor({ timeout: 5_000 });
    const recordings = (await t.http().get(`/api/events/${ev.id}/recordings`).set(owner).expect(200)).body as unknown[];
    assert.equal(recordings.length, 0, 'no failed recording left behind');

    // No action on oneself in the participants, and the track sources in words.
    await c.getByRole('tab', { name: /^Participants/ }).click();
    const self = c.locator(`.participant[data-identity="${chairIdentity}"]`);
    await self.getByText('camera on').waitFor();
    assert.equal(await self.getByRole('button').count(), 0, 'no action on oneself');
    assert.equal(await self.locator('summary').count(), 0, 'no removal of oneself');
    await c.getByRole('tab', { name: /^Questions/ }).click();
    await atBothSizes(c, '01-chair-live', { console: true });
  }));

  it('an attendee waits for a room that opens later, in words and in their zone, then joins the live one', { timeout: 120_000 }, steps('t2', async () => {
    ada = await newPage();
    const a = ada;
    // The personal space first (it keeps the access for the tab), then the room that opens later.
    await a.goto(`${t.baseUrl}/me#${await register(ev.slug, 'Ada Watcher', 'en')}`);
    await a.getByText('Ada Watcher, your seat is confirmed.').waitFor();
    await a.locator('li', { hasText: 'Plenary soon' }).getByText(/opens (today|tomorrow) at \d\d:\d\d, your time/).waitFor();
    await a.goto(`${t.baseUrl}/events/${ev.slug}/sessions/${ev.soon}/live`);
    await a.locator('.waiting').getByText(/^The room opens (today|tomorrow) at \d\d:\d\d \(in \d+ minutes?\), your time\./).waitFor();
    assert.doesNotMatch((await a.locator('.waiting').textContent()) ?? '', /\d{4}-\d\d-\d\dT/, 'no raw ISO time');
    await screenshot(a, '02-attendee-waiting');

    await a.goto(`${t.baseUrl}/me`);
    await a.getByRole('link', { name: /^Join.*Plenary now/ }).click();
    await a.waitForURL(`${t.baseUrl}${livePath}`);
    await a.locator('.room-state[data-state="live"]').waitFor();
    await waitForVideo(a, chairIdentity);
    await a.locator('.live-layout[data-stage="occupied"]').waitFor();
    assert.equal(await a.getByRole('button', { name: 'Camera', exact: true }).count(), 0, 'an attendee does not publish');
    await a.getByRole('textbox', { name: 'Your question' }).fill('What counts as lived experience?');
    await a.getByRole('button', { name: 'Send my question' }).click();
    await a.locator('.questions.mine .question', { hasText: 'What counts as lived experience?' }).waitFor();
    await a.locator('.questions:not(.mine)').getByRole('button', { name: /^Vote/ }).first().waitFor();
    await atBothSizes(a, '03-attendee-live', { console: false });
  }));

  it('ending asks first; the attendee reads that it ended (asking, voting, raising a hand gone), on every page; the chair reopens it', { timeout: 180_000 }, steps('t3', async () => {
    const c = chair;
    const a = ada;
    // Questions stay open half an hour after the end, for written answers.
    await c.getByRole('spinbutton', { name: /^Questions stay open after the session/ }).fill('30');
    await c.getByRole('button', { name: 'Save', exact: true }).click();
    await c.getByText('Questions stay open 30 minutes after the session.').waitFor();

    // A first click only asks.
    await c.getByRole('button', { name: 'End the session' }).click();
    const confirm = c.getByRole('group', { name: /^End the session for everyone\?/ });
    await confirm.waitFor();
    assert.match((await confirm.textContent()) ?? '', /you can reopen it until (tomorrow at )?\d\d:\d\d \(in \d+ (minutes|hours?)\)/);
    await checkAccessibility(c, 'the end confirmation');
    await screenshot(c, '04-chair-confirm-end');
    await confirm.getByRole('button', { name: 'No, stay live' }).click();
    await c.getByRole('button', { name: 'End the session' }).waitFor();
    assert.equal(await c.locator('.room-state').getAttribute('data-state'), 'live', 'still live after "No"');

    await c.getByRole('button', { name: 'End the session' }).click();
    await c.getByRole('button', { name: 'Yes, end the session' }).click();
    await c.locator('.room-state[data-state="ended"]').waitFor();
    await c.getByRole('heading', { level: 1, name: 'Plenary now — ended' }).waitFor();
    const reopen = c.getByRole('button', { name: 'Reopen the session' });
    await reopen.waitFor();
    await c.getByText(/Ended by mistake\? You can reopen it until (tomorrow at )?\d\d:\d\d/).waitFor();
    await checkAccessibility(c, 'the console after the end');
    await screenshot(c, '05-chair-ended');

    // The Q&A stays open for written answers: the console still lets the chair answer.
    await c.getByText(/you can still answer questions in writing until/).waitFor();
    const asked = c.locator('.console .question', { hasText: 'What counts as lived experience?' });
    await asked.getByRole('textbox', { name: 'Written answer' }).fill('Experience lived first-hand, then reflected upon.');
    await asked.getByRole('button', { name: 'Send the answer' }).click();
    await asked.waitFor({ state: 'detached' });

    // The attendee: the title, the state, the questions closed with the reason.
    await a.locator('.room-state[data-state="ended"]').waitFor();
    await a.getByRole('heading', { level: 1, name: 'Plenary now — ended' }).waitFor();
    await a.locator('.qa-closed[data-reason="ended"]').getByText('The session has ended: asking, voting and raising a hand are closed.').waitFor();
    assert.equal(await a.getByRole('textbox', { name: 'Your question' }).count(), 0, 'no question form');
    assert.equal(await a.getByRole('button', { name: 'Raise my hand' }).count(), 0, 'no raised hand');
    assert.equal(await a.getByRole('button', { name: /^Vote/ }).count(), 0, 'no vote');
    await a.locator('.questions:not(.mine)').getByText('0 votes').first().waitFor();
    await atBothSizes(a, '06-attendee-ended', { console: false });

    // The session page and the personal space say it too.
    await a.goto(`${t.baseUrl}/events/${ev.slug}/sessions/${ev.live}`);
    await a.locator('.session-over').getByText('This session has ended.').waitFor();
    assert.equal(await a.getByRole('link', { name: 'Join the live room' }).count(), 0, 'no door to an ended room');
    await checkAccessibility(a, 'the session page after the end');
    await screenshot(a, '07-session-page-ended');
    await a.goto(`${t.baseUrl}/me`);
    await a.locator('li', { hasText: 'Plenary now' }).getByText('— ended').waitFor();
    assert.equal(await a.getByRole('link', { name: /^Join.*Plenary now/ }).count(), 0, 'no join link to an ended session');
    await screenshot(a, '08-personal-space-ended');
    // A recording published: the session page and the personal space offer it instead of the room.
    const uploaded = (await t.http().post(`/api/events/${ev.id}/sessions/${ev.live}/recordings`).set(owner).set('content-type', 'audio/wav').send(wavFile(2, 'tone')).expect(201)).body as { id: string };
    await t.http().post(`/api/events/${ev.id}/recordings/${uploaded.id}/consent-exception`).set(owner).send({ reason: 'Consent given in writing on the day (form kept by the secretariat).' }).expect(200);
    await t.http().post(`/api/events/${ev.id}/recordings/${uploaded.id}/publish`).set(owner).expect(200);
    await a.goto(`${t.baseUrl}/events/${ev.slug}/sessions/${ev.live}`);
    await a.locator('.session-over').getByRole('link', { name: 'Watch the recording' }).waitFor();
    assert.equal(await a.getByRole('link', { name: 'Join the live room' }).count(), 0);
    await screenshot(a, '07b-session-page-recording');
    await a.goto(`${t.baseUrl}/me`);
    await a.getByRole('link', { name: 'Watch the recording of “Plenary now”' }).click();
    await a.waitForURL(`${t.baseUrl}/events/${ev.slug}/recordings/${uploaded.id}`);

    await a.goto(`${t.baseUrl}${livePath}`);
    await a.locator('.room-state[data-state="ended"]').waitFor();
    await a.locator('.questions.mine .question[data-state="answered"]').getByText('Answer: Experience lived first-hand, then reflected upon.').waitFor();

    // Reopened: the room comes back for both, the chair's camera goes on again.
    await reopen.click();
    await c.locator('.room-state[data-state="live"]').waitFor();
    await c.getByRole('heading', { level: 1, name: 'Plenary now — live' }).waitFor();
    await c.locator('.connection[data-state="connected"]').waitFor();
    await c.getByRole('button', { name: 'Camera', exact: true }).click();
    await waitForVideo(c, chairIdentity);
    await a.locator('.room-state[data-state="live"]').waitFor();
    await a.getByRole('textbox', { name: 'Your question' }).waitFor();
    await a.getByRole('button', { name: 'Raise my hand' }).waitFor();
    await waitForVideo(a, chairIdentity);
    await screenshot(a, '09-attendee-reopened');
  }));

  it('pre-moderation switched on: the attendee’s question waits for the chair, and reaches the chair’s queue', { timeout: 120_000 }, steps('t4', async () => {
    const c = chair;
    const a = ada;
    const toggle = c.getByRole('switch', { name: 'Review questions before they are published' });
    assert.equal(await toggle.isChecked(), false);
    await toggle.click();
    await c.getByText('On: a question reaches the room once a chair approves it.').waitFor();
    assert.equal(await toggle.isChecked(), true);
    await a.getByText('The chair reviews each question before it is published.').waitFor();

    const text = `Is peer support a profession? ${Date.now().toString(36)}`;
    await a.getByRole('textbox', { name: 'Your question' }).fill(text);
    await a.getByRole('button', { name: 'Send my question' }).click();
    await a.getByText('Your question was sent; the chair will review it.').waitFor();
    const mine = a.locator('.questions.mine .question[data-state="pending"]', { hasText: text });
    await mine.getByText('waiting for the chair').waitFor();
    assert.equal(await a.locator('.questions:not(.mine) .question', { hasText: text }).count(), 0, 'not in the room’s list yet');
    const queued = c.locator('.console .question[data-state="pending"]', { hasText: text });
    await queued.waitFor();
    await c.getByRole('tab', { name: /^Questions \(\d+\)/ }).waitFor();
    await checkAccessibility(c, 'the console with a pending question');
    await screenshot(c, '10-chair-pending-question');
    await queued.getByRole('button', { name: 'Approve' }).click();
    await a.locator('.questions.mine .question[data-state="approved"]', { hasText: text }).waitFor();
    await a.locator('.questions:not(.mine) .question', { hasText: text }).waitFor();
    await toggle.click();
    await c.getByText('Off: questions reach the room at once.').waitFor();
  }));

  it('the chair mutes an attendee on stage: the attendee’s page says so, in French', { timeout: 150_000 }, steps('t5', async () => {
    const c = chair;
    const zoe = await newPage({ locale: 'fr-FR' });
    await zoe.goto(`${t.baseUrl}${livePath}#${await register(ev.slug, 'Zoé Martin', 'fr')}`);
    await zoe.locator('.room-state[data-state="live"]').waitFor();
    await zoe.getByRole('heading', { level: 1, name: 'Plenary now — en direct' }).waitFor();
    await waitForVideo(zoe, chairIdentity);
    await zoe.getByRole('button', { name: 'Lever la main' }).click();

    await c.getByRole('tab', { name: 'Hands (1)' }).click();
    await c.getByRole('button', { name: 'Invite Zoé Martin on stage' }).click();
    await zoe.getByText('Vous êtes sur scène : votre caméra et votre micro sont allumés.').waitFor();
    const micro = zoe.getByRole('button', { name: 'Micro', exact: true });
    await zoe.locator('button[aria-pressed="true"][data-source="microphone"]').waitFor();
    assert.match((await micro.textContent()) ?? '', /allumé$/);

    await c.getByRole('tab', { name: /^Participants/ }).click();
    await c.getByRole('button', { name: 'Mute Zoé Martin’s microphone' }).click();
    await c.getByText('Done: Zoé Martin’s microphone is off.').waitFor();

    await zoe.locator('.stage-note[data-muted-by]').getByText('La présidence a coupé votre micro.', { exact: false }).waitFor();
    await zoe.locator('button[aria-pressed="false"][data-source="microphone"]').waitFor();
    assert.match((await micro.textContent()) ?? '', /coupé$/);
    await atBothSizes(zoe, '11-attendee-muted-fr', { console: false });

    // The chair's console in French: the sources in words.
    await c.getByRole('button', { name: 'Français' }).click();
    await c.getByRole('button', { name: 'Éteindre la caméra de Zoé Martin' }).waitFor();
    await c.locator('.participant', { hasText: 'Zoé Martin' }).getByText('micro à l’arrêt').waitFor();
    await screenshot(c, '12-chair-participants-fr');
    await c.getByRole('button', { name: 'English' }).click();
    await c.getByRole('tab', { name: /^Questions/ }).click();
  }));

  it('the demo: the organiser `npm start` creates chairs the live demo session, signs in, goes live on camera from the live page, and an attendee sees them', { timeout: 180_000 }, steps('t6', async () => {
    const email = ORGANISER.ORGANISER_EMAIL;
    const demo = (await t.http().get('/api/public/events/amphi-live-demo').expect(200)).body as EventWithProgrammeView;
    const session = demo.sessions[0];
    assert.deepEqual(session.chairs.map((p) => p.name), [ORGANISER.ORGANISER_NAME], 'the demo organiser chairs the live session');
    const demoLive = `/events/amphi-live-demo/sessions/${session.id}/live`;

    // Signed in as the organiser, the live room: they chair it, so they are in it as its chair (no e-mail, no link).
    const org = await newPage();
    await org.goto(`${t.baseUrl}/organiser/login`);
    await org.getByLabel(/^E-mail address/).fill(email);
    await org.getByLabel(/^Password/).fill(ORGANISER.ORGANISER_PASSWORD);
    await org.getByRole('button', { name: 'Sign in' }).click();
    await org.getByRole('heading', { level: 1, name: 'My events' }).waitFor();
    await org.goto(`${t.baseUrl}${demoLive}`);
    await org.getByRole('heading', { level: 2, name: "Chair's console" }).waitFor();
    await org.locator('.connection[data-state="connected"]').waitFor();
    const camera = org.getByRole('button', { name: 'Camera', exact: true });
    await camera.waitFor();
    assert.equal(await org.getByText('You are in this room as an organiser', { exact: false }).count(), 0, 'not a hidden observer');
    assert.equal(await org.getByRole('button', { name: 'Join as chair' }).count(), 0, 'no e-mail workaround');
    await checkAccessibility(org, 'the demo room, as its chair');
    await screenshot(org, '13-demo-organiser-chair');
    await org.getByRole('button', { name: 'Go live' }).click();
    await org.locator('.room-state[data-state="live"]').waitFor();
    await camera.click();
    await org.locator('button[aria-pressed="true"][data-source="camera"]').waitFor();
    // On stage under the organiser account's identity (o:<id>): one identity for the room, the Q&A and attendance.
    const tile = org.locator('.tile[data-identity^="o:"]').first();
    await tile.waitFor();
    const identity = (await tile.getAttribute('data-identity'))!;
    await waitForVideo(org, identity);

    // A newcomer registers for the demo and sees the chair on stage.
    const visitor = await newPage({ viewport: PHONE });
    await visitor.goto(`${t.baseUrl}${demoLive}#${await register('amphi-live-demo', 'Nina Newcomer', 'en')}`);
    await visitor.locator('.room-state[data-state="live"]').waitFor();
    await waitForVideo(visitor, identity);
    await visitor.locator('.tile', { hasText: ORGANISER.ORGANISER_NAME }).waitFor();
    await checkLayout(visitor, 'the demo room, attendee at 390×844', { console: false });
    await screenshot(visitor, '14-demo-attendee-sees-chair-390');
    await screenshot(org, '15-demo-chair-on-stage');
    assert.deepEqual(pageErrors, [], 'no uncaught error in the pages');
  }));
});
