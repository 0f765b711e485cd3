import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { checkAccessibility, collectPageErrors, screenshotsInto, type Screenshot } from './support/browser';
import type { TestApp } from './support/harness';
import { linkToken, type MailCatcher } from './support/mail-catcher';
import { startWebStack, type WebStack } from './support/web-stack';
import { createLiveEvent, utcWallTime } from './support/live-event';
import { errorTexts } from '@amphi/contracts';
import { englishWordsIn } from './support/english-words';

/**
 * The French web app through each kind of error (issue 12), against the real API in a real Chromium:
 * a nested field of the organiser's session form, a programme conflict, a closed registration, a rate
 * limit, a replaced personal link, a live room not open yet. Each time the text shown is French, holds
 * no word of the English error catalogue, no raw field path and no ISO time, and a rate limit says how
 * long to wait. Screenshots go to test-results/web-errors-fr/.
 */

function assertFrenchError(text: string, data: string[] = []): void {
  let rest = text;
  for (const d of data) rest = rest.split(d).join(' ');
  assert.deepEqual(englishWordsIn(rest), [], `English in “${text}”`);
  assert.doesNotMatch(text, /\d{4}-\d{2}-\d{2}T\d{2}/, `an ISO time in “${text}”`);
  assert.doesNotMatch(text, /\b(new-|s-[0-9a-f]{8}-)?talks\.\d|registration\.categories|title\.(fr|en)\b|YYYY|\(body\)/, `a raw path in “${text}”`);
}

describe('the French web app says every kind of error in French', () => {
  let t: TestApp;
  let smtp: MailCatcher;
  let browser: Browser | undefined;
  let stack: WebStack | undefined;
  let screenshot: Screenshot;
  let owner: Awaited<ReturnType<TestApp['organiser']>>;
  let ev: Awaited<ReturnType<typeof createLiveEvent>>;
  const consoleErrors: string[] = [];

  before(async () => {
    // Two registrations (or links asked for) per e-mail address an hour, and a new link at once: the limits are reached in a few clicks.
    stack = await startWebStack({ RATE_LIMIT_REGISTRATION_PER_EMAIL: '2', LINK_RESEND_INTERVAL_SECONDS: '0' });
    ({ t, smtp, browser } = stack);
    owner = await t.organiser();
    ev = await createLiveEvent(t, smtp, owner.auth);
    screenshot = screenshotsInto('web-errors-fr');
  });

  after(async () => {
    await stack?.close();
  });

  async function frenchPage(init?: (context: BrowserContext) => Promise<void>): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser!.newContext({ locale: 'fr-FR', timezoneId: 'Europe/Paris', viewport: { width: 1100, height: 900 } });
    await init?.(context);
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    // 4xx answers are the point here; only page errors count.
    collectPageErrors(page, consoleErrors, { console: false });
    return { context, page };
  }

  /** Whether the focused element is `locator` or inside it. */
  // The tests compile without the DOM's types: what runs in the page is typed loosely.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  type Dom = any;
  const holdsFocus = (locator: Locator) =>
    locator.evaluate((el: Dom) => {
      const active = (globalThis as Dom).document.activeElement;
      return el === active || el.contains(active);
    });

  it('the organiser’s session form: a nested talk field, then a programme conflict, next to the button', { timeout: 180_000 }, async () => {
    const login = await t.http().post('/api/auth/login').set('X-Amphi-CSRF', '1').send({ email: owner.email, password: owner.password }).expect(200);
    // Signed in with the sign-in cookie the login set (issue 13), without the sign-in page.
    const [name, value] = String((login.headers['set-cookie'] as unknown as string[])[0]).split(';')[0]!.split('=');
    const { context, page } = await frenchPage(async (c) => {
      await c.addCookies([{ name: name!, value: value!, url: t.baseUrl, httpOnly: true, sameSite: 'Lax' }]);
    });
    try {
      await page.goto(`${t.baseUrl}/organiser/events/${ev.id}/programme`);
      await page.getByRole('heading', { level: 1, name: 'Programme' }).waitFor();
      // Issue 13: the session form opens in a dialog over the timetable.
      await page.getByRole('button', { name: 'Ajouter une séance', exact: true }).click();
      const form = page.getByRole('dialog').getByRole('form', { name: 'Ajouter une séance' });
      await form.getByLabel(/^Titre en français/).first().fill('Séance en conflit');
      await form.getByRole('checkbox', { name: 'Anne Later' }).first().check();
      await form.getByRole('button', { name: 'Ajouter une intervention' }).click();
      await form.getByRole('button', { name: 'Ajouter une intervention' }).click();
      const talk = (n: number) => form.getByRole('group', { name: `Intervention ${n}`, exact: true });
      await talk(1).getByLabel(/^Titre en français/).fill('Première intervention');
      // The second talk has no title: the API refuses talks.1.title.
      await form.getByRole('button', { name: 'Ajouter la séance' }).click();

      const errors = form.locator('.form-errors');
      await errors.locator('.error-summary').waitFor();
      const summary = (await errors.innerText()).trim();
      assert.match(summary, /Intervention 2 — Titre/, summary);
      assert.match(summary, new RegExp(errorTexts.fr.field.text_missing.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')), summary);
      assertFrenchError(summary);
      // Next to its field too, and the summary (by the button) has the focus.
      const fieldError = (await talk(2).locator('.field-error').first().innerText()).trim();
      assertFrenchError(fieldError);
      assert.ok(await holdsFocus(errors), 'the focus moves to the errors, by the submit button');
      assert.ok(await errors.evaluate((el: Dom) => el.nextElementSibling?.querySelector('button[type="submit"]') != null), 'the errors sit just above the submit button');
      await checkAccessibility(page, 'the session form with a field error');
      await screenshot(page, '01-talk-title');

      // A link in the summary leads to the field.
      await errors.getByRole('link').first().click();
      assert.equal(await page.evaluate('document.activeElement?.id'), 'field-talks.1.title.fr');

      // Now a title, and times that clash with "Plenary now" on the main stage (and Anne's "Plenary soon").
      await talk(2).getByLabel(/^Titre en français/).fill('Seconde intervention');
      await form.getByLabel(/^Salle/).fill('main');
      await form.getByLabel(/^Début/).fill(utcWallTime(0));
      await form.getByLabel(/^Fin/).fill(utcWallTime(30));
      await form.getByRole('button', { name: 'Ajouter la séance' }).click();
      await errors.getByText('Le programme a refusé ce changement :').waitFor();
      const conflicts = (await errors.locator('li').allInnerTexts()).map((s) => s.trim());
      assert.ok(conflicts.length >= 2, conflicts.join('\n'));
      const stage = conflicts.find((c) => c.includes('« Plenary now »'));
      assert.match(stage ?? '', /chevauche « Plenary now » .* sur la scène « main »/, conflicts.join('\n'));
      assert.ok(conflicts.some((c) => /^Anne Later serait/.test(c)), conflicts.join('\n'));
      for (const c of conflicts) assertFrenchError(c, ['Plenary now', 'Plenary soon', 'Séance en conflit', 'Anne Later']);
      assert.ok(await holdsFocus(errors), 'the focus moves to the conflicts, by the submit button');
      assert.ok(await errors.isVisible());
      await checkAccessibility(page, 'the session form with conflicts');
      await screenshot(page, '02-conflicts');
    } finally {
      await context.close();
    }
  });

  it('a closed registration, then a rate limit that says how long to wait', { timeout: 120_000 }, async () => {
    const { context, page } = await frenchPage();
    let reopen = false;
    try {
      await page.goto(`${t.baseUrl}/events/${ev.slug}/register`);
      const form = page.getByRole('form', { name: 'Inscription' });
      await form.waitFor();
      // The organisers close registration while the form is open (and open it again below, whatever happens).
      await t.http().patch(`/api/events/${ev.id}`).set(owner.auth).send({ registration: { open: false } }).expect(200);
      reopen = true;
      await form.getByRole('textbox', { name: /^Nom complet/ }).fill('Zoé Tardive');
      await form.getByRole('textbox', { name: /^Adresse e-mail/ }).fill(`zoe.${Date.now().toString(36)}@example.org`);
      await form.getByRole('checkbox', { name: /^J’accepte que mes nom/ }).check();
      await form.getByRole('button', { name: 'S’inscrire' }).click();
      const refusal = page.locator('.notice-error[role="alert"]');
      await refusal.waitFor();
      const closed = (await refusal.innerText()).trim();
      assert.match(closed, /^Les inscriptions à cet événement (sont closes|ont été closes le )/, closed);
      assertFrenchError(closed);
      assert.ok(await holdsFocus(refusal), 'the refusal takes the focus');
      await screenshot(page, '03-registration-closed');
      await t.http().patch(`/api/events/${ev.id}`).set(owner.auth).send({ registration: { open: true } }).expect(200);
      reopen = false;

      // "Already registered?": the same address asked for three times; the third is one too many.
      const resend = page.locator('section.resend');
      const status = resend.getByRole('status');
      const email = `hammer.${Date.now().toString(36)}@example.org`;
      await resend.getByRole('textbox', { name: /^Adresse e-mail/ }).fill(email);
      let said = '';
      for (let attempt = 1; attempt <= 6 && !/Trop de tentatives/.test(said); attempt++) {
        await resend.getByRole('button', { name: 'Renvoyer mon lien' }).click();
        await page.waitForFunction((el: Dom) => (el?.textContent ?? '').trim() !== '', await status.elementHandle());
        said = (await status.innerText()).trim();
        if (!/Trop de tentatives/.test(said)) await page.waitForFunction((el: Dom) => !el?.querySelector('button')?.hasAttribute('disabled'), await resend.elementHandle());
      }
      assert.match(said, /^Trop de tentatives : réessayez dans \d+ (secondes?|minutes?|heures?)\.$/, said);
      assertFrenchError(said);
      await screenshot(page, '04-rate-limited');
    } finally {
      if (reopen) await t.http().patch(`/api/events/${ev.id}`).set(owner.auth).send({ registration: { open: true } });
      await context.close();
    }
  });

  it('a replaced personal link, and a live room not open yet', { timeout: 120_000 }, async () => {
    const email = `camille.${Date.now().toString(36)}@example.org`;
    await t.http().post(`/api/public/events/${ev.slug}/registrations`).send({ name: 'Camille Martin', email, language: 'fr', privacyConsent: true }).expect(200);
    const first = linkToken(await smtp.waitFor(email));
    await t.http().post(`/api/public/events/${ev.slug}/registrations/resend-link`).send({ email }).expect(202);
    const second = linkToken(await smtp.waitFor(email, (m) => linkToken(m) !== first));

    const { context, page } = await frenchPage();
    try {
      await page.goto(`${t.baseUrl}/me#${first}`);
      const alert = page.getByRole('alert');
      await alert.waitFor();
      const replaced = (await alert.innerText()).trim();
      assert.match(replaced, /remplacé par un plus récent/, replaced);
      assertFrenchError(replaced);
      await screenshot(page, '05-link-replaced');

      // The newer link opens the live page of a session that starts in 20 minutes: not open yet, said in French.
      await page.goto(`${t.baseUrl}/events/${ev.slug}/sessions/${ev.soon}/live#${second}`);
      const waiting = page.locator('.waiting');
      await waiting.waitFor();
      const notOpen = (await waiting.locator('p').first().innerText()).trim();
      assert.match(notOpen, /^La salle (ouvre|devrait ouvrir|n’est pas encore ouverte)/, notOpen);
      assertFrenchError(notOpen);
      await checkAccessibility(page, 'the live room not open yet');
      await screenshot(page, '06-room-not-open');
    } finally {
      await context.close();
    }
    assert.deepEqual(consoleErrors, []);
  });
});
