import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { checkAccessibility, collectPageErrors, screenshotsInto, type Screenshot, signInOnLoginForm } from './support/browser';
import type { TestApp } from './support/harness';
import { linkToken, type MailCatcher } from './support/mail-catcher';
import { startWebStack, type WebStack } from './support/web-stack';

/**
 * Issue 13, invitations in the organiser's people page (real chromium, axe-core on each state):
 * not invited → "Send invitations" says what was sent and skipped → invited → opened once the
 * speaker used their link; "Send again" mails the same link; a new link only after confirming that
 * the old one will stop working. Screenshots go to test-results/web-invitations/.
 */
describe('invitations in the organiser’s people page', () => {
  let t: TestApp;
  let smtp: MailCatcher;
  let browser: Browser | undefined;
  let stack: WebStack | undefined;
  let owner: Awaited<ReturnType<TestApp['organiser']>>;
  let screenshot: Screenshot;
  const consoleErrors: string[] = [];

  before(async () => {
    stack = await startWebStack();
    ({ t, smtp, browser } = stack);
    owner = await t.organiser();
    screenshot = screenshotsInto('web-invitations');
  });
  after(async () => {
    await stack?.close();
  });

  it('shows each person’s state, sends to those not invited, sends again the same link, and asks before replacing one', { timeout: 240_000 }, async () => {
    const stamp = Date.now().toString(36);
    const api = () => t.http();
    const event = (
      await api()
        .post('/api/events')
        .set(owner.auth)
        .send({ slug: `invitations-${stamp}`, title: { fr: 'Journée d’étude', en: 'Study day' }, mainLanguage: 'en', timeZone: 'Europe/Paris', startDate: '2030-01-21', endDate: '2030-01-21', format: 'online' })
        .expect(201)
    ).body as { id: string };
    const person = async (name: string, email?: string) =>
      (await api().post(`/api/events/${event.id}/people`).set(owner.auth).send({ name, ...(email ? { email } : {}) }).expect(201)).body as { id: string };
    const chairEmail = `eve.${stamp}@example.org`;
    const speakerEmail = `lise.${stamp}@example.org`;
    const chair = await person('Eve Gardien', chairEmail);
    const speaker = await person('Lise Demailly', speakerEmail);
    const silent = await person('Robert Dingwall');
    await api()
      .post(`/api/events/${event.id}/sessions`)
      .set(owner.auth)
      .send({ type: 'plenary', title: { en: 'Morning plenary' }, startsAt: '2030-01-21T09:30', endsAt: '2030-01-21T11:00', chairs: [chair.id], talks: [{ title: { en: 'Talk' }, speakers: [speaker.id, silent.id], plannedMinutes: 30 }] })
      .expect(201);

    const context = await browser!.newContext({ locale: 'en-GB', timezoneId: 'Europe/Paris', viewport: { width: 1100, height: 900 } });
    const org = await context.newPage();
    org.setDefaultTimeout(15_000);
    collectPageErrors(org, consoleErrors);
    try {
      await org.goto(`${t.baseUrl}/organiser`);
      await org.waitForURL(/\/organiser\/login/);
      await signInOnLoginForm(org, owner);
      await org.goto(`${t.baseUrl}/organiser/events/${event.id}/people`);
      await org.getByRole('heading', { level: 1, name: 'People' }).waitFor();
      const row = (name: string) => org.locator('li.person-row', { hasText: name });

      await row('Eve Gardien').getByText('not invited').waitFor();
      await row('Lise Demailly').getByRole('button', { name: 'Send the invitation Lise Demailly' }).waitFor();
      assert.equal(await row('Robert Dingwall').getByRole('button', { name: /Send/ }).count(), 0, 'no e-mail address: nothing to send');
      await checkAccessibility(org, 'people, nobody invited');

      await org.getByRole('button', { name: 'Send invitations' }).click();
      const summary = org.getByRole('status').filter({ hasText: '2 invitations sent.' });
      await summary.waitFor();
      await summary.getByText('Not sent, no e-mail address: Robert Dingwall.').waitFor();
      await row('Eve Gardien').getByText(/invited on 1 Dec|invited on \d+ \w+ \d{4}/).waitFor();
      await checkAccessibility(org, 'people, invitations sent');
      await screenshot(org, '01-invited');
      const speakerToken = linkToken(await smtp.waitFor(speakerEmail));
      const chairToken = linkToken(await smtp.waitFor(chairEmail));

      // A second click sends nothing: both are invited already, their links keep working.
      await org.getByRole('button', { name: 'Send invitations' }).click();
      await org.getByRole('status').filter({ hasText: '0 invitations sent.' }).getByText('2 already invited, their links still work: Eve Gardien, Lise Demailly.').waitFor();

      // The speaker opens their link: the page shows it after a reload.
      await api().post('/api/access').send({ token: speakerToken }).expect(200);
      await org.reload();
      await row('Lise Demailly').getByText(/link opened on/).waitFor();

      // Send again: the same link.
      await row('Lise Demailly').getByRole('button', { name: 'Send again Lise Demailly' }).click();
      await row('Lise Demailly').getByRole('status').filter({ hasText: 'Sent again to Lise Demailly, with the same link.' }).waitFor();
      const again = await smtp.waitFor(speakerEmail, (m) => smtp.mails.filter((x) => x.to.includes(speakerEmail)).indexOf(m) === 1);
      assert.equal(linkToken(again), speakerToken);
      await api().post('/api/access').send({ token: speakerToken }).expect(200);

      // A new link is asked for, and confirmed after reading that the old one will stop working.
      await row('Eve Gardien').getByRole('button', { name: 'Send a new link Eve Gardien' }).click();
      const question = row('Eve Gardien').getByText('Send Eve Gardien a new link? The link sent before will stop working at once.');
      await question.waitFor();
      assert.equal(await question.evaluate((el) => el.closest('p') === el.ownerDocument.activeElement), true, 'focus on the question');
      await checkAccessibility(org, 'people, replacing a link asked');
      await screenshot(org, '02-confirm-replace');
      await row('Eve Gardien').getByRole('button', { name: 'Yes, send Eve Gardien a new link' }).click();
      await row('Eve Gardien').getByRole('status').filter({ hasText: 'New link sent to Eve Gardien; the previous one no longer works.' }).waitFor();
      await api().post('/api/access').send({ token: chairToken }).expect(401);
      const fresh = await smtp.waitFor(chairEmail, (m) => smtp.mails.filter((x) => x.to.includes(chairEmail)).indexOf(m) === 1);
      await api().post('/api/access').send({ token: linkToken(fresh) }).expect(200);
      await checkAccessibility(org, 'people, a link replaced');
      assert.deepEqual(consoleErrors, []);
    } finally {
      await context.close();
    }
  });
});
