import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { checkAccessibility, collectPageErrors, screenshotsInto, type Screenshot, signInOnLoginForm } from './support/browser';
import type { TestApp } from './support/harness';
import { linkToken, type MailCatcher } from './support/mail-catcher';
import { startWebStack, type WebStack } from './support/web-stack';

/**
 * Issue 13, item 6 in the browser (real chromium, axe-core on each state): the organiser's Messages
 * page sets the reminders, composes a message, sees its preview (the count, the mail as one recipient
 * reads it), sends it and finds it in the sent list, and the mail arrives over SMTP in each
 * recipient's language; a registrant stops reminders from their personal space, and with the one
 * click of a reminder's link. Screenshots go to test-results/web-messages/.
 */
describe('reminders and messages in the browser', () => {
  let t: TestApp;
  let smtp: MailCatcher;
  let browser: Browser | undefined;
  let stack: WebStack | undefined;
  let owner: Awaited<ReturnType<TestApp['organiser']>>;
  let screenshot: Screenshot;
  const consoleErrors: string[] = [];
  const stamp = Date.now().toString(36);
  let eventId = '';
  const alice = `alice.${stamp}@example.org`;
  const bob = `bob.${stamp}@example.org`;

  before(async () => {
    stack = await startWebStack({ MESSAGES_TICK_MS: '3600000' });
    ({ t, smtp, browser } = stack);
    owner = await t.organiser();
    screenshot = screenshotsInto('web-messages');
    const api = () => t.http();
    eventId = (
      (
        await api()
          .post('/api/events')
          .set(owner.auth)
          .send({ slug: `messages-${stamp}`, title: { fr: 'Journée d’étude', en: 'Study day' }, mainLanguage: 'fr', timeZone: 'Europe/Paris', startDate: '2030-03-12', endDate: '2030-03-12', format: 'online' })
          .expect(201)
      ).body as { id: string }
    ).id;
    await api()
      .patch(`/api/events/${eventId}`)
      .set(owner.auth)
      .send({ registration: { categories: [{ key: 'student', label: { fr: 'Étudiant·e', en: 'Student' } }] } })
      .expect(200);
    await api().post(`/api/events/${eventId}/publish`).set(owner.auth).expect(200);
    for (const [name, email, language] of [
      ['Alice Martin', alice, 'fr'],
      ['Bob Smith', bob, 'en'],
    ])
      await api().post(`/api/events/${eventId}/registrations`).set(owner.auth).send({ name, email, language, privacyConsent: true }).expect(201);
  });
  after(async () => {
    await stack?.close();
  });

  it('the organiser sets the reminders, previews a message, sends it once, sees it sent, and it arrives in each language', { timeout: 240_000 }, async () => {
    const context = await browser!.newContext({ locale: 'en-GB', timezoneId: 'Europe/Paris', viewport: { width: 1100, height: 900 } });
    const org = await context.newPage();
    org.setDefaultTimeout(15_000);
    collectPageErrors(org, consoleErrors);
    try {
      await org.goto(`${t.baseUrl}/organiser`);
      await org.waitForURL(/\/organiser\/login/);
      await signInOnLoginForm(org, owner);
      await org.goto(`${t.baseUrl}/organiser/events/${eventId}`);
      await org.getByRole('navigation', { name: /event/i }).getByRole('link', { name: 'Messages' }).click();
      await org.getByRole('heading', { level: 1, name: 'Reminders and messages' }).waitFor();
      await org.getByRole('heading', { level: 2, name: 'Messages sent' }).waitFor();
      await org.getByText('No message sent yet.').waitFor();
      await checkAccessibility(org, 'messages page');

      // Reminders: the day before by default; two days before, and none before each session.
      const hours = org.getByLabel('Hours before the first session');
      assert.equal(await hours.inputValue(), '24');
      await hours.fill('48');
      await org.getByLabel('Send a reminder before each session they can join').uncheck();
      await org.getByRole('button', { name: 'Save the reminders' }).click();
      await org.getByRole('status').filter({ hasText: 'Reminders saved.' }).waitFor();
      assert.deepEqual((await t.http().get(`/api/events/${eventId}/reminder-settings`).set(owner.auth).expect(200)).body, {
        beforeEvent: { enabled: true, hoursBefore: 48 },
        beforeSession: { enabled: false, minutesBefore: 15 },
      });

      // Nothing written: the form says so, on the field, before anything is sent.
      await org.getByRole('button', { name: 'Preview' }).click();
      const summary = org.locator('.error-summary');
      await summary.waitFor();
      await summary.getByRole('link', { name: /Subject in French/ }).waitFor();
      await checkAccessibility(org, 'messages, a message refused');

      await org.getByLabel('Subject in French').fill('Informations pratiques');
      await org.getByLabel('Subject in English').fill('Practical information');
      await org.getByLabel('Message in French').fill('Bonjour à toutes et à tous.\n\nLa salle ouvre à 9 h.');
      await org.getByLabel('Message in English').fill('Hello everyone.\n\nThe room opens at 9.');
      await org.getByRole('button', { name: 'Preview' }).click();
      const preview = org.getByRole('region', { name: 'Preview' });
      await preview.getByText('2 people will receive this message.').waitFor();
      await preview.getByText('In French: 1; in English: 1.').waitFor();
      await preview.getByText('As Alice Martin will read it, in French:').waitFor();
      assert.match(await preview.locator('pre').innerText(), /Bonjour Alice Martin,\s+Bonjour à toutes et à tous\.\s+La salle ouvre à 9 h\./);
      await checkAccessibility(org, 'messages, the preview');
      await screenshot(org, '01-preview');
      assert.equal(smtp.mails.filter((m) => /pratiques|Practical/.test(m.subject)).length, 0, 'a preview sends nothing');

      // A double click sends once.
      await org.getByRole('button', { name: 'Send to 2 people' }).dblclick();
      await org.getByRole('status').filter({ hasText: 'Message sent to 2 people.' }).waitFor();
      const row = org.getByRole('row', { name: /Practical information|Informations pratiques/ });
      await row.getByRole('cell', { name: '2 people' }).waitFor();
      await row.getByRole('cell', { name: 'All registrants with a seat' }).waitFor();
      await checkAccessibility(org, 'messages, sent');
      await screenshot(org, '02-sent');
      const french = await smtp.waitFor(alice, (m) => m.subject === 'Informations pratiques');
      assert.match(french.body, /La salle ouvre à 9 h\./);
      linkToken(french);
      const english = await smtp.waitFor(bob, (m) => m.subject === 'Practical information');
      assert.match(english.body, /The room opens at 9\./);
      const list = (await t.http().get(`/api/events/${eventId}/messages`).set(owner.auth).expect(200)).body as unknown[];
      assert.equal(list.length, 1, 'sent once');
      assert.deepEqual(consoleErrors, []);
    } finally {
      await context.close();
    }
  });

  it('a registrant stops reminders in their personal space, and with the one click of a reminder’s link', { timeout: 120_000 }, async () => {
    const token = linkToken(await smtp.waitFor(bob, (m) => /Registration confirmed/.test(m.subject)));
    const access = (await t.http().post('/api/access').send({ token }).expect(200)).body as { accessToken: string };
    const reminders = async () => (await t.http().get('/api/me/reminders').set({ Authorization: `Bearer ${access.accessToken}` }).expect(200)).body.reminders as boolean;
    const context = await browser!.newContext({ locale: 'en-GB', timezoneId: 'Europe/Paris', viewport: { width: 1000, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    collectPageErrors(page, consoleErrors);
    try {
      await page.goto(`${t.baseUrl}/me#${token}`);
      const section = page.getByRole('region', { name: 'Reminders' });
      await section.getByText(/You receive a reminder the day before/).waitFor();
      await checkAccessibility(page, 'personal space, reminders on');
      await section.getByRole('button', { name: 'Stop reminders' }).click();
      await section.getByRole('status').filter({ hasText: 'Reminders stopped.' }).waitFor();
      await section.getByText(/You receive no reminders for this event/).waitFor();
      assert.equal(await reminders(), false);
      await checkAccessibility(page, 'personal space, reminders stopped');
      await screenshot(page, '03-reminders-stopped');
      await section.getByRole('button', { name: 'Receive reminders again' }).click();
      await section.getByRole('status').filter({ hasText: 'Reminders will be sent to you again.' }).waitFor();
      assert.equal(await reminders(), true);

      // The link in a reminder: opening it is the one click.
      await page.goto(`${t.baseUrl}/me?stop=reminders#${token}`);
      await page.getByRole('region', { name: 'Reminders' }).getByRole('status').filter({ hasText: 'Reminders stopped.' }).waitFor();
      assert.equal(await reminders(), false);
      assert.equal(new URL(page.url()).hash, '', 'the token left the address bar');
      assert.deepEqual(consoleErrors, []);
    } finally {
      await context.close();
    }
  });
});
