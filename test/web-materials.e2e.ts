import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { checkAccessibility, collectPageErrors, screenshotsInto, type Screenshot, signInOnLoginForm } from './support/browser';
import type { TestApp } from './support/harness';
import { startWebStack, type WebStack } from './support/web-stack';
import { wavFile } from './support/media';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const SLIDES = Buffer.from('%PDF-1.5\n% slides of the talk\n%%EOF\n');

/**
 * Issue 13, item 3, in a real Chromium with axe-core on each state: the organiser adds the event's
 * poster (a PDF sent under a .png name is kept as a PDF) and a talk's slides on the materials page,
 * is told what is wrong (no file, a file of a refused type), orders and deletes; once published the
 * poster is on the event page and the slides on the session and speaker pages and beside the
 * session's recording, and they download.
 * Screenshots go to test-results/web-materials/.
 */
describe('materials in the organiser’s app and on the public pages', () => {
  let t: TestApp;
  let browser: Browser | undefined;
  let stack: WebStack | undefined;
  let owner: Awaited<ReturnType<TestApp['organiser']>>;
  let screenshot: Screenshot;
  const consoleErrors: string[] = [];

  before(async () => {
    stack = await startWebStack({ MAX_UPLOAD_MB: '1' });
    ({ t, browser } = stack);
    owner = await t.organiser();
    screenshot = screenshotsInto('web-materials');
  });
  after(async () => {
    await stack?.close();
  });

  it('uploads an event poster and a talk’s slides, and shows them on the public event, session and person pages', { timeout: 240_000 }, async () => {
    const stamp = Date.now().toString(36);
    const api = () => t.http();
    const slug = `materials-${stamp}`;
    const event = (
      await api()
        .post('/api/events')
        .set(owner.auth)
        .send({ slug, title: { fr: 'Colloque', en: 'Conference' }, mainLanguage: 'en', timeZone: 'Europe/Paris', startDate: '2030-03-14', endDate: '2030-03-14', format: 'online' })
        .expect(201)
    ).body as { id: string };
    const person = async (name: string) => (await api().post(`/api/events/${event.id}/people`).set(owner.auth).send({ name }).expect(201)).body as { id: string };
    const chair = await person('Eve Gardien');
    const speaker = await person('Lise Demailly');
    const session = (
      await api()
        .post(`/api/events/${event.id}/sessions`)
        .set(owner.auth)
        .send({ type: 'plenary', title: { en: 'Morning plenary' }, startsAt: '2030-03-14T09:30', endsAt: '2030-03-14T11:00', chairs: [chair.id], talks: [{ title: { en: 'Peer expertise' }, speakers: [speaker.id], plannedMinutes: 30 }] })
        .expect(201)
    ).body as { id: string };

    const context = await browser!.newContext({ locale: 'en-GB', timezoneId: 'Europe/Paris', viewport: { width: 1100, height: 900 } });
    const org = await context.newPage();
    org.setDefaultTimeout(15_000);
    collectPageErrors(org, consoleErrors);
    try {
      await org.goto(`${t.baseUrl}/organiser/login`);
      await signInOnLoginForm(org, owner);
      await org.goto(`${t.baseUrl}/organiser/events/${event.id}`);
      await org.getByRole('navigation', { name: /event/i }).getByRole('link', { name: 'Materials' }).click();
      await org.getByRole('heading', { level: 1, name: 'Materials' }).waitFor();
      await org.getByText('No file for the event yet.').waitFor();
      await checkAccessibility(org, 'materials, empty');

      // Nothing chosen: said on the file field, in the summary that takes the focus.
      await org.getByLabel(/^Title in English/).fill('Conference poster');
      await org.getByRole('button', { name: 'Add the file' }).click();
      const summary = org.locator('.error-summary');
      await summary.getByText('File: Choose a file to send.').waitFor();
      assert.equal(await org.evaluate("document.activeElement?.classList.contains('form-errors')"), true, 'focus on the summary');
      await checkAccessibility(org, 'materials, no file');

      // A PDF named .png: kept as what it is.
      await org.getByLabel(/^File/).setInputFiles({ name: 'affiche.png', mimeType: 'image/png', buffer: PDF });
      await org.getByRole('button', { name: 'Add the file' }).click();
      await org.getByRole('status').filter({ hasText: '“Conference poster” is added (PDF, saved as affiche.pdf).' }).waitFor();
      const eventFiles = org.locator('section[aria-labelledby="event-files"]');
      await eventFiles.getByRole('link', { name: 'Conference poster' }).waitFor();
      await checkAccessibility(org, 'materials, poster added');
      await screenshot(org, '01-poster-added');

      // A page of HTML is refused, in the reader's language, and nothing is added.
      await org.getByLabel(/^Title in English/).fill('Not a document');
      await org.getByLabel(/^File/).setInputFiles({ name: 'slides.pdf', mimeType: 'application/pdf', buffer: Buffer.from('<!doctype html><p>hello</p>') });
      await org.getByRole('button', { name: 'Add the file' }).click();
      await org.getByText(/This kind of file is not accepted: send a PDF/).waitFor();
      await checkAccessibility(org, 'materials, type refused');

      // Over the limit (1 MB here): refused before the body is read, said with the limit.
      await org.getByLabel(/^File/).setInputFiles({ name: 'huge.pdf', mimeType: 'application/pdf', buffer: Buffer.concat([PDF, Buffer.alloc(1536 * 1024, 0x20)]) });
      await org.getByRole('button', { name: 'Add the file' }).click();
      await org.getByText('The file is too large: files are accepted up to 1 MB.').waitFor();
      await checkAccessibility(org, 'materials, file too large');

      // The talk's slides, from the talk's own button.
      await org.getByRole('button', { name: 'Add a file to “Peer expertise”' }).click();
      assert.equal(await org.getByLabel(/^For/).inputValue(), (await api().get(`/api/events/${event.id}`).set(owner.auth)).body.sessions[0].talks[0].id);
      assert.equal(await org.getByLabel(/^Kind/).inputValue(), 'slides');
      await org.getByLabel(/^Title in English/).fill('Slides');
      await org.getByLabel(/^Title in French/).fill('Diaporama');
      await org.getByLabel(/^File/).setInputFiles({ name: 'expertise.pdf', mimeType: 'application/pdf', buffer: SLIDES });
      await org.getByRole('button', { name: 'Add the file' }).click();
      await org.getByRole('status').filter({ hasText: '“Slides” is added (PDF, saved as expertise.pdf).' }).waitFor();
      const talkFiles = org.locator('section[aria-labelledby="talk-files"]');
      await talkFiles.getByRole('link', { name: 'Slides' }).waitFor();

      // A second file for the talk, put first, then deleted after confirming.
      await org.getByLabel(/^Title in English/).fill('Handout');
      await org.getByLabel(/^File/).setInputFiles({ name: 'handout.pdf', mimeType: 'application/pdf', buffer: PDF });
      await org.getByRole('button', { name: 'Add the file' }).click();
      await org.getByRole('status').filter({ hasText: '“Handout” is added' }).waitFor();
      await talkFiles.getByRole('button', { name: 'Move “Handout” up' }).click();
      await talkFiles.locator('ul.downloads li').first().getByRole('link', { name: 'Handout' }).waitFor();
      await talkFiles.getByRole('button', { name: 'Delete “Handout”' }).click();
      await talkFiles.getByText('Delete “Handout” for good? It disappears from the public pages.').waitFor();
      await checkAccessibility(org, 'materials, deleting asked');
      await screenshot(org, '02-delete-asked');
      await talkFiles.getByRole('button', { name: 'Yes, delete it' }).click();
      await talkFiles.getByRole('link', { name: 'Handout' }).waitFor({ state: 'detached' });
      const stored = (await api().get(`/api/events/${event.id}/downloads`).set(owner.auth).expect(200)).body as Array<{ title: { en?: string }; talkId: string | null; contentType: string }>;
      assert.deepEqual(
        stored.map((d) => [d.title.en, d.talkId === null, d.contentType]),
        [
          ['Conference poster', true, 'application/pdf'],
          ['Slides', false, 'application/pdf'],
        ],
      );
      await checkAccessibility(org, 'materials, poster and slides');

      // Public: the event page's downloads, the session's talk, the speaker's page; the files download.
      await api().post(`/api/events/${event.id}/publish`).set(owner.auth).expect(200);
      const visitor = await context.newPage();
      collectPageErrors(visitor, consoleErrors);
      await visitor.goto(`${t.baseUrl}/events/${slug}`);
      const downloads = visitor.locator('section[aria-labelledby="downloads"]');
      const poster = downloads.getByRole('link', { name: 'Conference poster' });
      await poster.waitFor();
      await checkAccessibility(visitor, 'event page with its poster');
      const posterFile = await visitor.request.get(new URL((await poster.getAttribute('href'))!, t.baseUrl).toString());
      assert.equal(posterFile.status(), 200);
      assert.equal(posterFile.headers()['content-type'], 'application/pdf');
      assert.ok(Buffer.compare(await posterFile.body(), PDF) === 0, 'the poster’s bytes');
      const [downloadEvent] = await Promise.all([visitor.waitForEvent('download'), poster.click()]);
      assert.equal(downloadEvent.suggestedFilename(), 'affiche.pdf');

      await visitor.goto(`${t.baseUrl}/events/${slug}/sessions/${session.id}`);
      const talk = visitor.locator('li.talk', { hasText: 'Peer expertise' });
      const slides = talk.getByRole('link', { name: 'Slides' });
      await slides.waitFor();
      await talk.getByText('(slides, PDF,').waitFor();
      await checkAccessibility(visitor, 'session page with the talk’s slides');
      const slidesFile = await visitor.request.get(new URL((await slides.getAttribute('href'))!, t.baseUrl).toString());
      assert.ok(Buffer.compare(await slidesFile.body(), SLIDES) === 0, 'the slides’ bytes');

      await visitor.goto(`${t.baseUrl}/events/${slug}/people/${speaker.id}`);
      const materials = visitor.locator('section.talk-materials');
      await materials.getByRole('heading', { name: 'Materials' }).waitFor();
      await materials.getByRole('heading', { name: /Peer expertise/ }).waitFor();
      await materials.getByRole('link', { name: 'Slides' }).waitFor();
      await checkAccessibility(visitor, 'speaker page with their slides');
      await screenshot(visitor, '03-speaker-page');
      // Beside the session's recording: the materials of its talks.
      const recording = (await api().post(`/api/events/${event.id}/sessions/${session.id}/recordings`).set(owner.auth).set('content-type', 'audio/wav').send(wavFile(2, 'silence')).expect(201)).body as { id: string };
      await api().post(`/api/events/${event.id}/recordings/${recording.id}/consent-exception`).set(owner.auth).send({ reason: 'Consent given in writing on the day (form kept by the secretariat).' }).expect(200);
      await api().post(`/api/events/${event.id}/recordings/${recording.id}/publish`).set(owner.auth).expect(200);
      await visitor.goto(`${t.baseUrl}/events/${slug}/recordings/${recording.id}`);
      const besideRecording = visitor.locator('section.talk-materials');
      await besideRecording.getByRole('heading', { name: 'Peer expertise' }).waitFor();
      await besideRecording.getByRole('link', { name: 'Slides' }).waitFor();
      await checkAccessibility(visitor, 'recording page with the talks’ slides');

      // The chair gives no talk: no materials on their page.
      await visitor.goto(`${t.baseUrl}/events/${slug}/people/${chair.id}`);
      await visitor.getByRole('heading', { level: 1, name: 'Eve Gardien' }).waitFor();
      assert.equal(await visitor.locator('section.talk-materials').count(), 0);
      assert.deepEqual(consoleErrors.filter((e) => !/status of 41[35]/.test(e)), [], 'no error in the browser console but the expected refusals (type, size)');
    } finally {
      await context.close();
    }
  });
});
