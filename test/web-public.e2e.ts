import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { buildWebApp, checkAccessibility, collectPageErrors, launchChromium, removeWebApp, screenshotsInto, type Screenshot } from './support/browser';
import { startTestApp, type TestApp } from './support/harness';
import { linkToken, startMailCatcher, type MailCatcher } from './support/mail-catcher';
import { wavFile } from './support/media';

/**
 * The public pages in a real browser: Debian's chromium driven by playwright-core, against the real
 * API serving the web app built from apps/web. A visitor reads the events, an event's programme (in
 * French and English, in the event's time zone and their own), a session, a person, registers (a bad
 * e-mail first), and opens their personal link. axe-core checks every page; each is photographed into
 * test-results/web-public/ (git-ignored).
 */

const VIEWER_ZONE = 'America/Toronto'; // a canonical name (Chromium shows America/Montreal as America/Toronto)
const JS_BUDGET_GZIP = 250 * 1024;

type Auth = { Authorization: string };

/** Wall-clock 'YYYY-MM-DD' `days` from today (UTC). */
const dayFromNow = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** "HH:MM" of an instant in a zone, as the page shows it in British English. */
const hhmm = (iso: string, zone: string) => new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit' }).format(new Date(iso));

/** A published bilingual event (main language French, Europe/Paris) over two days, with files, people, a recording. */
async function createPublishedEvent(t: TestApp, owner: Auth) {
  const slug = `journee-${Date.now().toString(36)}`;
  const [day1, day2] = [dayFromNow(40), dayFromNow(41)];
  const event = (
    await t
      .http()
      .post('/api/events')
      .set(owner)
      .send({
        slug,
        title: { fr: 'Journée d’étude sur l’expertise', en: 'Study day on expertise' },
        subtitle: { fr: 'Savoirs d’expérience et recherche', en: 'Experiential knowledge and research' },
        description: { fr: 'Une journée en ligne.', en: 'An online day.' },
        mainLanguage: 'fr',
        timeZone: 'Europe/Paris',
        startDate: day1,
        endDate: day2,
        format: 'online',
        // Keywords in each language: a French reader sees the French list.
        keywords: { fr: ['expertise', 'savoirs expérientiels'], en: ['expertise', 'experiential knowledge'] },
      })
      .expect(201)
  ).body;
  const person = async (body: Record<string, unknown>) => (await t.http().post(`/api/events/${event.id}/people`).set(owner).send(body).expect(201)).body;
  const chair = await person({ name: 'Ève Gardien', affiliation: 'Université Rennes 2', title: { fr: 'sociologue', en: 'sociologist' }, bio: { fr: 'Chercheuse en sociologie.', en: 'Sociologist.' } });
  const speaker = await person({ name: 'Lise Demailly', affiliation: 'Université de Lille' });
  const panelist = await person({ name: 'Baptiste Godrie', affiliation: 'Université de Montréal' });
  const session = async (body: Record<string, unknown>) => (await t.http().post(`/api/events/${event.id}/sessions`).set(owner).send(body).expect(201)).body;
  const plenary = await session({
    type: 'plenary',
    title: { fr: 'Plénière d’ouverture', en: 'Opening plenary' },
    startsAt: `${day1}T09:30`,
    endsAt: `${day1}T10:30`,
    chairs: [chair.id],
    talks: [{ title: { fr: 'L’expertise des pairs', en: 'Peer expertise' }, abstract: { fr: 'Résumé.', en: 'Abstract.' }, speakers: [speaker.id], plannedMinutes: 45 }],
    recorded: true,
  });
  await session({ type: 'break', title: { fr: 'Pause', en: 'Break' }, startsAt: `${day1}T10:30`, endsAt: `${day1}T11:00` });
  // Given in French only: an English reader sees it in French (the event's main language).
  const roundTable = await session({ type: 'round_table', title: { fr: 'Table ronde : les savoirs situés' }, startsAt: `${day2}T14:00`, endsAt: `${day2}T15:30`, chairs: [chair.id], panelists: [panelist.id, speaker.id] });
  await t
    .http()
    .post(`/api/events/${event.id}/downloads`)
    .set(owner)
    // Materials are accepted by what their bytes are (a PDF here), not by their name.
    .attach('file', Buffer.from('%PDF-1.4\n% Programme de la journée\n%%EOF\n'), 'programme.pdf')
    .field('kind', 'programme')
    .field('title.fr', 'Programme détaillé')
    .field('title.en', 'Detailed programme')
    .expect(201);
  await t
    .http()
    .patch(`/api/events/${event.id}`)
    .set(owner)
    .send({ registration: { open: true, capacity: 50, categories: [{ key: 'researcher', label: { fr: 'Chercheur·e', en: 'Researcher' } }, { key: 'peer', label: { fr: 'Pair·e', en: 'Peer' } }] } })
    .expect(200);
  // A scientific committee: one member with a role in both languages, one without a role (no "— member" then).
  await t
    .http()
    .patch(`/api/events/${event.id}`)
    .set(owner)
    .send({ committees: { scientific: [{ personId: chair.id, role: { fr: 'coordinatrice', en: 'coordinator' } }, { personId: panelist.id }] } })
    .expect(200);
  await t.http().post(`/api/events/${event.id}/publish`).set(owner).expect(200);
  // A published recording of the plenary (its talk gives a chapter).
  const recording = (await t.http().post(`/api/events/${event.id}/sessions/${plenary.id}/recordings`).set(owner).set('content-type', 'audio/wav').send(wavFile(3, 'silence')).expect(201)).body;
  await t.http().patch(`/api/events/${event.id}/recordings/${recording.id}`).set(owner).send({ title: { fr: 'Plénière d’ouverture (enregistrement)', en: 'Opening plenary (recording)' }, language: 'en', durationSeconds: 3600 }).expect(200);
  await t.http().post(`/api/events/${event.id}/recordings/${recording.id}/consent-exception`).set(owner).send({ reason: 'Consent given in writing on the day (form kept by the secretariat).' }).expect(200);
  await t.http().post(`/api/events/${event.id}/recordings/${recording.id}/publish`).set(owner).expect(200);
  return { id: event.id as string, slug, plenary, roundTable, chair, speaker, recordingId: recording.id as string };
}

describe('the public web pages in a browser', () => {
  let t: TestApp;
  let smtp: MailCatcher;
  let browser: Browser | undefined;
  let webDist: string;
  let ev: Awaited<ReturnType<typeof createPublishedEvent>>;
  let screenshot: Screenshot;
  const consoleErrors: string[] = [];

  before(async () => {
    webDist = buildWebApp();
    smtp = await startMailCatcher();
    t = await startTestApp({ WEB_DIST_DIR: webDist, SMTP_URL: smtp.url, MAIL_POLL_MS: '50' });
    const owner = await t.organiser();
    ev = await createPublishedEvent(t, owner.auth);
    screenshot = screenshotsInto('web-public');
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await t?.close();
    await smtp?.close();
    removeWebApp(webDist);
  });

  async function newPage(locale = 'en-GB'): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser!.newContext({ locale, timezoneId: VIEWER_ZONE, viewport: { width: 1100, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    collectPageErrors(page, consoleErrors);
    return { context, page };
  }

  const h1 = (page: Page) => page.locator('h1').first();

  it('a visitor reads the events, an event, a session and a person, in English and French, then registers', { timeout: 240_000 }, async () => {
    const { context, page } = await newPage();
    try {
      // The events.
      await page.goto(`${t.baseUrl}/`);
      await page.getByRole('link', { name: 'Study day on expertise' }).waitFor();
      assert.equal(await h1(page).textContent(), 'Events');
      assert.equal(await page.locator('html').getAttribute('lang'), 'en', 'the browser’s language (en-GB) is the default');
      await checkAccessibility(page, '/');
      await screenshot(page, '01-events');

      // The event, through the link.
      await page.getByRole('link', { name: 'Study day on expertise' }).click();
      await page.waitForURL(`${t.baseUrl}/events/${ev.slug}`);
      await page.getByRole('heading', { level: 1, name: 'Study day on expertise' }).waitFor();
      await page.getByRole('heading', { level: 2, name: 'Programme' }).waitFor();
      const plenary = page.locator('.slot', { hasText: 'Opening plenary' });
      await plenary.waitFor();
      const plenaryTimes = `${hhmm(ev.plenary.startsAt, 'Europe/Paris')}–${hhmm(ev.plenary.endsAt, 'Europe/Paris')}`;
      assert.equal(plenaryTimes, '09:30–10:30');
      assert.equal(await plenary.locator('time').textContent(), plenaryTimes, 'times in the event’s zone first');
      assert.equal(await page.locator('.day-title').count(), 2, 'the programme is grouped by day');
      // A title given in French only is shown in French, and marked so.
      const roundTable = page.locator('.slot', { hasText: 'Table ronde : les savoirs situés' });
      assert.equal(await roundTable.locator('.slot-title [lang="fr"]').count(), 1);
      assert.match((await page.locator('.people-line', { hasText: 'Chair' }).first().textContent()) ?? '', /Ève Gardien/);
      // Calendars, files, podcast, recordings.
      const programmeIcs = await page.getByRole('link', { name: /whole programme to my calendar/ }).getAttribute('href');
      assert.equal(programmeIcs, `/api/public/events/${ev.slug}/programme.ics?lang=en`);
      const ics = await page.request.get(`${t.baseUrl}${programmeIcs}`);
      assert.equal(ics.status(), 200);
      assert.match(ics.headers()['content-type'], /^text\/calendar/);
      assert.match(await ics.text(), /SUMMARY:Opening plenary/);
      const sessionIcs = await plenary.getByRole('link', { name: 'Add to my calendar (.ics) — Opening plenary' }).getAttribute('href');
      assert.equal((await page.request.get(`${t.baseUrl}${sessionIcs}`)).status(), 200);
      // The subscribe page (issue 15), not the feed's XML.
      assert.equal(await page.getByRole('link', { name: /Subscribe to the podcast/ }).getAttribute('href'), `/events/${ev.slug}/podcast`);
      const download = page.getByRole('link', { name: 'Detailed programme' });
      assert.equal((await page.request.get(`${t.baseUrl}${await download.getAttribute('href')}`)).status(), 200);
      const recording = page.locator('article.recording');
      await recording.waitFor();
      assert.match((await recording.locator('.recording-title').textContent()) ?? '', /Opening plenary \(recording\)/);
      assert.equal(await recording.locator('audio').count(), 1, 'a player for the sound file');
      const audioSrc = await recording.locator('audio').getAttribute('src');
      assert.equal((await page.request.get(`${t.baseUrl}${audioSrc}`, { headers: { range: 'bytes=0-99' } })).status(), 206);
      assert.match((await recording.locator('.chapters').textContent()) ?? '', /0:00 Peer expertise \(talk\)/);
      assert.equal((await page.locator('.keywords').textContent())?.replace(/\s+/g, ' '), 'Keywords: expertise, experiential knowledge');
      assert.match((await page.locator('section[aria-labelledby="committee-scientific"]').textContent()) ?? '', /Ève Gardien \(sociologist, Université Rennes 2\) — coordinator/);
      await checkAccessibility(page, 'the event');
      await screenshot(page, '02-event-en');

      // In the visitor's own time zone.
      await page.getByLabel(`Show the times in my time zone (${VIEWER_ZONE})`).check();
      const ownTimes = `${hhmm(ev.plenary.startsAt, VIEWER_ZONE)}–${hhmm(ev.plenary.endsAt, VIEWER_ZONE)}`;
      assert.notEqual(ownTimes, plenaryTimes);
      await page.locator('.slot', { hasText: 'Opening plenary' }).locator('time', { hasText: ownTimes }).waitFor();
      await page.getByText(`Times are in your time zone`).waitFor();
      await screenshot(page, '03-event-own-time-zone');
      await page.getByLabel(`Show the times in my time zone (${VIEWER_ZONE})`).uncheck();
      await plenary.locator('time', { hasText: plenaryTimes }).waitFor();

      // In French, remembered after a reload, then back to English.
      await page.getByRole('button', { name: 'Français' }).click();
      await page.getByRole('heading', { level: 1, name: 'Journée d’étude sur l’expertise' }).waitFor();
      assert.equal(await page.locator('html').getAttribute('lang'), 'fr');
      assert.equal(await page.getByRole('button', { name: 'Français' }).getAttribute('aria-pressed'), 'true');
      await page.locator('.slot', { hasText: 'Plénière d’ouverture' }).waitFor();
      assert.equal(await page.locator('.slot-title [lang="fr"]').count(), 0, 'French text on a French page needs no lang of its own');
      await page.reload();
      await page.getByRole('heading', { level: 1, name: 'Journée d’étude sur l’expertise' }).waitFor();
      assert.equal(await page.locator('html').getAttribute('lang'), 'fr', 'the choice is remembered');
      assert.equal(await page.getByRole('link', { name: /Ajouter tout le programme/ }).getAttribute('href'), `/api/public/events/${ev.slug}/programme.ics?lang=fr`);
      // Content in French: the keywords, a person's title, a committee role, the chapters (issue 12).
      assert.equal((await page.locator('.keywords').textContent())?.replace(/\s+/g, ' '), 'Mots-clés : expertise, savoirs expérientiels');
      const committee = page.locator('section[aria-labelledby="committee-scientific"]');
      assert.match((await committee.textContent()) ?? '', /Ève Gardien \(sociologue, Université Rennes 2\) — coordinatrice/);
      assert.doesNotMatch((await page.locator('main').textContent()) ?? '', /member|sociologist|coordinator|Keywords/);
      assert.match((await page.locator('article.recording .chapters').textContent()) ?? '', /0:00 L’expertise des pairs \(intervention\)/);
      await checkAccessibility(page, 'the event in French');
      await screenshot(page, '04-event-fr');
      // Back to English with the keyboard: the first Tab reaches the skip link, then the header's links and buttons.
      await page.keyboard.press('Tab');
      assert.equal(await page.evaluate<string | undefined>('document.activeElement?.textContent'), 'Aller au contenu');
      for (let i = 0; i < 6 && (await page.evaluate<string | undefined>('document.activeElement?.textContent')) !== 'English'; i++) await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { level: 1, name: 'Study day on expertise' }).waitFor();
      await page.reload();
      await page.getByRole('heading', { level: 1, name: 'Study day on expertise' }).waitFor();
      assert.equal(await page.locator('html').getAttribute('lang'), 'en');

      // A session.
      await page.locator('.slot-title').getByRole('link', { name: 'Opening plenary' }).click();
      await page.waitForURL(`${t.baseUrl}/events/${ev.slug}/sessions/${ev.plenary.id}`);
      await page.getByRole('heading', { level: 1, name: 'Opening plenary' }).waitFor();
      await page.getByRole('heading', { level: 3, name: 'Peer expertise' }).waitFor();
      assert.match((await page.locator('.talk').textContent()) ?? '', /Lise Demailly.*45 minutes|45 minutes.*Lise Demailly/s);
      assert.equal(await page.locator('.when time').getAttribute('datetime'), ev.plenary.startsAt);
      assert.match((await page.locator('.when').textContent()) ?? '', new RegExp(plenaryTimes));
      assert.equal(await page.title(), 'Opening plenary · Amphi');
      await checkAccessibility(page, 'a session');
      await screenshot(page, '05-session');

      // A person.
      await page.getByRole('link', { name: 'Ève Gardien' }).first().click();
      await page.getByRole('heading', { level: 1, name: 'Ève Gardien' }).waitFor();
      await page.getByText('sociologist, Université Rennes 2').waitFor(); // the title in the visitor's language (English here)
      assert.equal(await page.locator('.slot').count(), 2, 'the two sessions she chairs');
      assert.match((await page.locator('.slot').first().textContent()) ?? '', /chair/);
      await checkAccessibility(page, 'a person');
      await screenshot(page, '06-person');

      // Register: a bad e-mail first, shown next to its field.
      await page.getByRole('link', { name: 'Study day on expertise' }).click();
      await page.getByRole('link', { name: 'Register', exact: true }).click();
      await page.waitForURL(`${t.baseUrl}/events/${ev.slug}/register`);
      await page.getByRole('heading', { level: 1, name: 'Register' }).waitFor();
      const form = page.getByRole('form', { name: 'Register' });
      await form.getByRole('textbox', { name: /^Full name/ }).fill('Camille Martin');
      await form.getByRole('textbox', { name: /^E-mail address/ }).fill('camille-at-example');
      await form.getByRole('textbox', { name: /^Affiliation/ }).fill('Université de Lille');
      await form.getByRole('combobox', { name: /^You are/ }).selectOption('researcher');
      await form.getByRole('checkbox', { name: /^I agree that my name, e-mail address and affiliation/ }).check();
      await form.getByRole('button', { name: 'Register' }).click();
      const emailError = page.locator('#field-email-error');
      await emailError.waitFor();
      assert.match((await emailError.textContent()) ?? '', /Enter a valid e-mail address/);
      assert.equal(await form.getByRole('textbox', { name: /^E-mail address/ }).getAttribute('aria-invalid'), 'true');
      assert.match((await form.getByRole('textbox', { name: /^E-mail address/ }).getAttribute('aria-describedby')) ?? '', /field-email-error/);
      assert.equal(await page.locator('.field-error').count(), 1, 'only the e-mail is wrong');
      assert.equal(await page.evaluate<string | undefined>('document.activeElement?.className'), 'error-summary', 'the summary of errors takes the focus');
      await checkAccessibility(page, 'the registration form with an error');
      await screenshot(page, '07-register-error');

      // Then correctly.
      const email = `camille.${Date.now().toString(36)}@example.org`;
      await form.getByRole('textbox', { name: /^E-mail address/ }).fill(email);
      await form.getByRole('button', { name: 'Register' }).click();
      await page.getByRole('heading', { level: 1, name: 'You are registered' }).waitFor();
      await page.getByText(`Your personal link is on its way to ${email}.`).waitFor();
      await checkAccessibility(page, 'the registration confirmed');
      await screenshot(page, '08-registered');

      // The personal link from the e-mail opens the personal space, and leaves the address bar.
      const token = linkToken(await smtp.waitFor(email));
      await page.goto(`${t.baseUrl}/me#${token}`);
      await page.getByText('Camille Martin, your seat is confirmed.').waitFor();
      assert.equal(new URL(page.url()).hash, '', 'the token is taken out of the address');
      await page.getByRole('heading', { level: 1, name: 'Study day on expertise' }).waitFor();
      await checkAccessibility(page, 'the personal space');
      await screenshot(page, '09-personal-space');

      // "My data" reads as sentences in the person's language and zone, not stored keys and UTC stamps; the JSON is a download.
      await page.getByRole('button', { name: 'See my data' }).click();
      const myData = page.locator('ul.my-data');
      await myData.getByText(`under the name Camille Martin, with the address ${email}.`, { exact: false }).waitFor();
      await myData.getByText('Category: Researcher.').waitFor();
      await myData.getByText('Amphi writes to you in English.').waitFor();
      const dataText = (await myData.textContent()) ?? '';
      assert.doesNotMatch(dataText, /listConsent|registeredAt|privacyConsentAt|\d{4}-\d{2}-\d{2}T/, 'no raw key nor ISO stamp');
      const [dataFile] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download my data (JSON)' }).click()]);
      const exported = JSON.parse(readFileSync((await dataFile.path())!, 'utf8')) as { registration: { email: string; listConsent: boolean } };
      assert.equal(exported.registration.email, email);
      await checkAccessibility(page, 'my data');
    } finally {
      await context.close();
    }
    assert.deepEqual(consoleErrors, [], 'no error in the browser console');
  });

  it('serves deep links, defaults to a French browser’s language, answers unknown pages, and keeps each public page under 250 KB of JavaScript (gzip) with no LiveKit code', { timeout: 120_000 }, async () => {
    const { context, page } = await newPage('fr-FR');
    try {
      const pages = {
        events: '/',
        event: `/events/${ev.slug}`,
        session: `/events/${ev.slug}/sessions/${ev.roundTable.id}`,
        person: `/events/${ev.slug}/people/${ev.speaker.id}`,
        recording: `/events/${ev.slug}/recordings/${ev.recordingId}`,
        register: `/events/${ev.slug}/register`,
      };
      for (const [name, path] of Object.entries(pages)) {
        const scripts: Array<Promise<{ url: string; gzip: number; text: string }>> = [];
        const onResponse = (response: import('playwright-core').Response) => {
          if (new URL(response.url()).pathname.endsWith('.js')) scripts.push(response.body().then((b) => ({ url: response.url(), gzip: gzipSync(b).length, text: b.toString('utf8') })));
        };
        page.on('response', onResponse);
        const response = await page.goto(`${t.baseUrl}${path}`, { waitUntil: 'networkidle' });
        assert.equal(response?.status(), 200, `a deep link to ${path} is served`);
        await h1(page).waitFor();
        page.off('response', onResponse);
        const loaded = await Promise.all(scripts);
        const total = loaded.reduce((sum, s) => sum + s.gzip, 0);
        assert.ok(total > 0 && total < JS_BUDGET_GZIP, `${path}: ${Math.round(total / 1024)} KB of JavaScript (gzip), budget 250 KB`);
        assert.ok(!loaded.some((s) => /livekit/i.test(s.text)), `${path} loads no LiveKit code`);
        console.log(`# ${path}: ${loaded.length} scripts, ${(total / 1024).toFixed(1)} KB gzip`);
        assert.equal(await page.locator('html').getAttribute('lang'), 'fr', 'a French browser gets French');
        await checkAccessibility(page, `${path} in French`);
        await screenshot(page, `10-fr-${name}`);
      }
      await page.getByRole('heading', { level: 1, name: 'Inscription' }).waitFor();

      // An unknown page, and an unknown event: said so, in words.
      await page.goto(`${t.baseUrl}/nowhere/at/all`);
      await page.getByRole('heading', { level: 1, name: 'Page introuvable' }).waitFor();
      await page.goto(`${t.baseUrl}/events/no-such-event`);
      await page.getByRole('heading', { level: 1, name: 'Page introuvable' }).waitFor();
      await checkAccessibility(page, 'not found');
      await screenshot(page, '11-not-found');
      // The API keeps its own 404s.
      assert.equal((await page.request.get(`${t.baseUrl}/api/public/events/no-such-event`)).status(), 404);
    } finally {
      await context.close();
    }
    assert.deepEqual(consoleErrors.filter((e) => !/404/.test(e)), [], 'no error in the browser console but the expected 404');
  });
});
