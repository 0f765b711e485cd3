import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { checkAccessibility, collectPageErrors, screenshotsInto, type Screenshot, signInOnLoginForm } from './support/browser';
import type { TestApp } from './support/harness';
import type { CaughtMail, MailCatcher } from './support/mail-catcher';
import { startWebStack, type WebStack } from './support/web-stack';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The token of a co-organiser's invitation link in a mail (the part after /organiser/join#). */
function joinLink(mail: CaughtMail): string {
  const link = mail.body.match(/https?:\/\/\S+\/organiser\/join#[A-Za-z0-9_-]{43}/)?.[0];
  if (!link) throw new Error(`No invitation link in the mail "${mail.subject}"`);
  return link;
}

/**
 * Issue 13, item 4, in a real Chromium with axe-core on each new page and state: edit a person, build a
 * scientific committee with roles in French and English (and see it, in order, on the public page, in
 * both languages), invite a co-organiser who creates their account from the mailed link and lands on the
 * event. Screenshots go to test-results/web-people/.
 */
describe('people and roles in the organiser’s pages', () => {
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
    screenshot = screenshotsInto('web-people');
  });
  after(async () => {
    await stack?.close();
  });

  async function signIn(page: Page) {
    await page.goto(`${t.baseUrl}/organiser`);
    await page.waitForURL(/\/organiser\/login/);
    await signInOnLoginForm(page, owner);
  }

  it('edits a person, builds a scientific committee shown publicly, and invites a co-organiser who joins from the mail', { timeout: 300_000 }, async () => {
    const stamp = Date.now().toString(36);
    const api = () => t.http();
    const slug = `people-${stamp}`;
    const event = (
      await api()
        .post('/api/events')
        .set(owner.auth)
        .send({ slug, title: { fr: 'Colloque pair-aidance', en: 'Peer support conference' }, mainLanguage: 'fr', timeZone: 'Europe/Paris', startDate: '2030-11-14', endDate: '2030-11-15', format: 'online' })
        .expect(201)
    ).body as Json;
    const person = async (body: Json) => (await api().post(`/api/events/${event.id}/people`).set(owner.auth).send(body).expect(201)).body as Json;
    const ada = await person({ name: 'Ada Martin', affiliation: 'Old affiliation' });
    await person({ name: 'Marc Dupont' });

    const context = await browser!.newContext({ locale: 'en-GB', timezoneId: 'Europe/Paris', viewport: { width: 1100, height: 900 } });
    const org = await context.newPage();
    org.setDefaultTimeout(15_000);
    collectPageErrors(org, consoleErrors);
    try {
      await signIn(org);

      // --- Edit a person -------------------------------------------------------------------------------
      await org.goto(`${t.baseUrl}/organiser/events/${event.id}/people`);
      await org.getByRole('heading', { level: 1, name: 'People' }).waitFor();
      await org.getByRole('link', { name: 'Edit Ada Martin' }).click();
      await org.getByRole('heading', { level: 1, name: 'Edit Ada Martin' }).waitFor();
      await checkAccessibility(org, 'person edit');
      await org.getByLabel(/^E-mail address/).fill('not an address');
      await org.getByLabel(/^Affiliation/).fill('');
      await org.getByRole('button', { name: 'Save the changes' }).click();
      // Refused before anything is sent, in the API's words, the summary focused.
      const summary = org.locator('.error-summary');
      await summary.getByRole('link', { name: /E-mail address/ }).waitFor();
      assert.equal(await org.evaluate("document.activeElement?.classList.contains('form-errors')"), true, 'focus on the summary');
      await checkAccessibility(org, 'person edit refused');
      await org.getByLabel(/^E-mail address/).fill('ada.martin@example.org');
      await org.getByLabel(/^Name/).fill('Ada Martin-Leroy');
      await org.getByLabel('Title or discipline in French').fill('sociologue');
      await org.getByLabel('Title or discipline in English').fill('sociologist');
      await org.getByLabel('Biography in English').fill('Works on peer support.');
      await org.getByRole('button', { name: 'Save the changes' }).click();
      await org.getByRole('status').filter({ hasText: 'The changes to Ada Martin-Leroy are saved.' }).waitFor();
      await screenshot(org, '01-person-saved');
      const stored = (await api().get(`/api/events/${event.id}/people/${ada.id}`).set(owner.auth).expect(200)).body;
      assert.deepEqual(
        { name: stored.name, email: stored.email, affiliation: stored.affiliation, title: stored.title, bio: stored.bio },
        { name: 'Ada Martin-Leroy', email: 'ada.martin@example.org', affiliation: null, title: { fr: 'sociologue', en: 'sociologist' }, bio: { en: 'Works on peer support.' } },
      );
      await org.getByRole('link', { name: 'Back to the people' }).click();
      await org.locator('li.person-row', { hasText: 'Ada Martin-Leroy' }).getByText('ada.martin@example.org').waitFor();

      // --- A scientific committee ----------------------------------------------------------------------
      await org.getByRole('navigation', { name: 'Organising this event' }).getByRole('link', { name: 'Committees' }).click();
      await org.getByRole('heading', { level: 1, name: 'Committees' }).waitFor();
      const scientific = org.locator('section.committee', { has: org.getByRole('heading', { level: 2, name: 'Scientific committee' }) });
      await scientific.getByText('Nobody in this committee yet.').waitFor();
      await checkAccessibility(org, 'committees, empty');
      await scientific.getByLabel('Person (scientific committee)', { exact: true }).selectOption({ label: 'Ada Martin-Leroy' });
      await scientific.getByRole('button', { name: 'Add to the committee (scientific committee)' }).click();
      await scientific.getByLabel('Role in French (Ada Martin-Leroy)').fill('Présidente');
      await scientific.getByLabel('Role in English (Ada Martin-Leroy)').fill('Chair');
      // Someone who is not among the people yet, made on the spot.
      await scientific.getByLabel(/^Name of the new person \(scientific committee\)/).fill('Zoé Nouvelle');
      await scientific.getByRole('button', { name: 'Create and add (scientific committee)' }).click();
      await scientific.getByLabel('Role in English (Zoé Nouvelle)').fill('Secretary');
      await scientific.getByLabel('Person (scientific committee)', { exact: true }).selectOption({ label: 'Marc Dupont' });
      await scientific.getByRole('button', { name: 'Add to the committee (scientific committee)' }).click();
      await scientific.getByLabel('Role in French (Marc Dupont)').waitFor();
      // Marc moves above Zoé with the keyboard: the focus stays on him.
      await scientific.getByRole('button', { name: 'Move up Marc Dupont' }).focus();
      await org.keyboard.press('Enter');
      await scientific.getByRole('status').filter({ hasText: 'Marc Dupont is now number 2.' }).waitFor();
      assert.equal(await org.evaluate('document.activeElement?.textContent'), 'Move up Marc Dupont');
      await checkAccessibility(org, 'committees, members added');
      await screenshot(org, '02-committee-draft');
      await scientific.getByRole('button', { name: 'Save the scientific committee' }).click();
      await scientific.getByRole('status').filter({ hasText: 'The scientific committee is saved.' }).waitFor();
      const saved = (await api().get(`/api/events/${event.id}`).set(owner.auth).expect(200)).body;
      assert.deepEqual(
        saved.committees.scientific.map((m: Json) => [m.person.name, m.role]),
        [
          ['Ada Martin-Leroy', { fr: 'Présidente', en: 'Chair' }],
          ['Marc Dupont', null],
          ['Zoé Nouvelle', { en: 'Secretary' }],
        ],
      );
      assert.deepEqual(saved.committees.organising, []);

      // On the public page, in order, with the role in the reader's language.
      await api().post(`/api/events/${event.id}/publish`).set(owner.auth).expect(200);
      for (const [lang, heading, members] of [
        ['en', 'Scientific committee', ['Ada Martin-Leroy (sociologist) — Chair', 'Marc Dupont', 'Zoé Nouvelle — Secretary']],
        // Zoé's role exists in English only: French readers get it rather than nothing.
        ['fr', 'Comité scientifique', ['Ada Martin-Leroy (sociologue) — Présidente', 'Marc Dupont', 'Zoé Nouvelle — Secretary']],
      ] as const) {
        const visitor = await browser!.newContext({ locale: lang === 'fr' ? 'fr-FR' : 'en-GB', timezoneId: 'Europe/Paris' });
        const page = await visitor.newPage();
        page.setDefaultTimeout(15_000);
        collectPageErrors(page, consoleErrors);
        try {
          await page.goto(`${t.baseUrl}/events/${slug}`);
          const committee = page.locator('section', { has: page.getByRole('heading', { level: 3, name: heading }) });
          await committee.getByRole('link', { name: 'Ada Martin-Leroy' }).waitFor();
          assert.deepEqual(
            (await committee.getByRole('listitem').allInnerTexts()).map((text) => text.replace(/\s+/g, ' ').trim()),
            members,
          );
          await checkAccessibility(page, `public committee (${lang})`);
        } finally {
          await visitor.close();
        }
      }

      // --- A co-organiser, invited by e-mail ------------------------------------------------------------
      await org.getByRole('navigation', { name: 'Organising this event' }).getByRole('link', { name: 'Organisers' }).click();
      await org.getByRole('heading', { level: 1, name: 'Organisers' }).waitFor();
      await org.locator('li.organiser-row', { hasText: owner.email }).getByText('owner').waitFor();
      await checkAccessibility(org, 'organisers');
      const coEmail = `co-${stamp}@example.org`;
      await org.getByLabel(/^Their e-mail address/).fill(coEmail);
      await org.getByLabel(/^Language of the e-mail/).selectOption('fr');
      await org.getByRole('button', { name: 'Invite', exact: true }).click();
      await org.getByRole('status').filter({ hasText: `An invitation was sent to ${coEmail}.` }).waitFor();
      await org.getByText(new RegExp(`${coEmail.replace(/\./g, '\\.')}, invited on`)).waitFor();
      await checkAccessibility(org, 'organisers, one invited');
      await screenshot(org, '03-organiser-invited');
      const mail = await smtp.waitFor(coEmail);
      assert.match(mail.body, /vous invite à organiser/);

      // The invited person opens the link in their own browser, chooses a name and a password, lands on the event.
      const theirs = await browser!.newContext({ locale: 'en-GB', timezoneId: 'Europe/Paris' });
      const co = await theirs.newPage();
      co.setDefaultTimeout(15_000);
      collectPageErrors(co, consoleErrors);
      try {
        // The mail's link names PUBLIC_URL; this test's server listens elsewhere: same path and fragment there.
        const link = new URL(joinLink(mail));
        await co.goto(`${t.baseUrl}${link.pathname}${link.hash}`);
        await co.getByRole('heading', { level: 1, name: 'You are invited to co-organise Peer support conference' }).waitFor();
        assert.equal(new URL(co.url()).hash, '', 'the token left the address bar');
        await checkAccessibility(co, 'join');
        await co.getByLabel(/^Your name/).fill('Nina Co');
        await co.getByLabel(/^Password/).fill('short');
        await co.getByRole('button', { name: 'Create my account' }).click();
        await co.locator('.error-summary').getByRole('link', { name: /Password/ }).waitFor();
        await checkAccessibility(co, 'join refused');
        await co.getByLabel(/^Password/).fill('a long enough password');
        await co.getByRole('button', { name: 'Create my account' }).click();
        await co.waitForURL(new RegExp(`/organiser/events/${event.id}$`));
        await co.getByText('Signed in as Nina Co').waitFor();
        await screenshot(co, '04-co-organiser-in');
      } finally {
        await theirs.close();
      }
      await org.reload();
      await org.locator('li.organiser-row', { hasText: coEmail }).getByText('co-organiser').waitFor();
      assert.equal(await org.getByText(/invited on/).count(), 0, 'no invitation pending any more');

      // Removed after confirming: they no longer organise the event.
      await org.getByRole('button', { name: 'Remove Nina Co' }).click();
      await org.getByRole('button', { name: 'Yes, remove Nina Co' }).click();
      await org.getByRole('status').filter({ hasText: 'Nina Co no longer organises this event.' }).waitFor();
      await org.locator('li.organiser-row', { hasText: coEmail }).waitFor({ state: 'detached' });
      const login = await api().post('/api/auth/login').send({ email: coEmail, password: 'a long enough password' }).expect(200);
      await api().get(`/api/events/${event.id}`).set({ Authorization: `Bearer ${login.body.accessToken}` }).expect(404);
      assert.deepEqual(consoleErrors, []);
    } finally {
      await context.close();
    }
  });
});
