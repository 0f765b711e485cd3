import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { buildWebApp, checkAccessibility, collectPageErrors, launchChromium, removeWebApp, screenshotsInto, type Screenshot, signInOnLoginForm } from './support/browser';
import { startTestApp, type TestApp } from './support/harness';
import { linkToken, startMailCatcher, type MailCatcher } from './support/mail-catcher';
import { createLiveEvent, utcWallTime } from './support/live-event';
import { wavFile } from './support/media';

/**
 * The organiser's pages and the personal space in a real browser (Debian's chromium through
 * playwright-core, the web app built from apps/web): an organiser signs in, opens their event, sees
 * the programme (and a conflict refused next to its session), uploads a recording; the speaker opens
 * their personal link from the mail, sees the join link of the session running now and consents; the
 * organiser publishes; a visitor plays the recording. axe-core checks every page; screenshots go to
 * test-results/web-organiser/.
 */

describe('the organiser’s pages and the personal space in a browser', () => {
  let t: TestApp;
  let smtp: MailCatcher;
  let browser: Browser | undefined;
  let webDist: string;
  let owner: Awaited<ReturnType<TestApp['organiser']>>;
  let ev: Awaited<ReturnType<typeof createLiveEvent>>;
  let screenshot: Screenshot;
  const consoleErrors: string[] = [];

  before(async () => {
    webDist = buildWebApp();
    smtp = await startMailCatcher();
    t = await startTestApp({ WEB_DIST_DIR: webDist, SMTP_URL: smtp.url, MAIL_POLL_MS: '50' });
    owner = await t.organiser();
    ev = await createLiveEvent(t, smtp, owner.auth);
    screenshot = screenshotsInto('web-organiser');
    browser = await launchChromium({ autoplay: true });
  });

  after(async () => {
    await browser?.close();
    await t?.close();
    await smtp?.close();
    removeWebApp(webDist);
  });

  async function newPage(viewport = { width: 1100, height: 900 }): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser!.newContext({ locale: 'en-GB', timezoneId: 'America/Toronto', viewport });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    collectPageErrors(page, consoleErrors);
    return { context, page };
  }

  it('an organiser uploads a recording, the speaker consents from their personal space, a visitor plays it', { timeout: 240_000 }, async () => {
    const { context: orgContext, page: org } = await newPage();
    const { context: speakerContext, page: speaker } = await newPage({ width: 390, height: 844 }); // a phone
    const { context: visitorContext, page: visitor } = await newPage();
    try {
      // Sign in: /organiser asks for the login first; a wrong password is said.
      await org.goto(`${t.baseUrl}/organiser`);
      await org.waitForURL(/\/organiser\/login/);
      await org.getByRole('heading', { level: 1, name: 'Organiser sign-in' }).waitFor();
      await org.getByLabel(/^E-mail address/).fill(owner.email);
      await org.getByLabel(/^Password/).fill('not the password');
      await org.getByRole('button', { name: 'Sign in' }).click();
      await org.getByText('do not match an organiser account').waitFor();
      await checkAccessibility(org, 'the sign-in page');
      await org.getByLabel(/^Password/).fill(owner.password);
      await org.getByRole('button', { name: 'Sign in' }).click();
      await org.getByRole('heading', { level: 1, name: 'My events' }).waitFor();
      // Issue 13: the sign-in is an httpOnly cookie, out of scripts' reach; nothing is kept in storage.
      const readable = String(await org.evaluate(`JSON.stringify({ ...sessionStorage, ...localStorage }) + document.cookie`));
      assert.doesNotMatch(readable, /accessToken|amphi-organiser/, 'no token where scripts read it, and the sign-in cookie is httpOnly');
      await checkAccessibility(org, 'my events');
      await screenshot(org, '01-events');

      // The event, then its programme.
      await org.getByRole('link', { name: 'Study day' }).click();
      await org.waitForURL(`${t.baseUrl}/organiser/events/${ev.id}`);
      await org.getByRole('heading', { level: 1, name: 'Study day' }).waitFor();
      await org.getByText('This event is published.').waitFor();
      assert.equal(await org.getByLabel(/^Title in English/).inputValue(), 'Study day');
      await checkAccessibility(org, 'the event');
      await org.getByRole('link', { name: 'Programme' }).click();
      await org.getByRole('heading', { level: 1, name: 'Programme' }).waitFor();
      // Issue 13: the programme is a timetable; each session a block that opens its full form.
      const block = (title: string) => org.locator('li.tt-block', { has: org.locator('.tt-block-title', { hasText: title }) });
      for (const title of ['Plenary now', 'Round table now', 'Plenary soon', 'Plenary later']) await block(title).waitFor();
      const dialog = org.getByRole('dialog');
      await block('Plenary now').getByRole('button', { name: /^Plenary now/ }).click();
      await dialog.getByRole('heading', { name: '“Plenary now”' }).waitFor();
      assert.equal(await dialog.getByRole('group', { name: 'Chairs' }).getByRole('checkbox', { name: 'Eve Gardien' }).isChecked(), true);
      const firstTalk = dialog.getByRole('group', { name: 'Talk 1', exact: true });
      assert.equal(await firstTalk.getByLabel(/^Title in English/).inputValue(), 'Talk');
      assert.equal(await firstTalk.getByLabel(/^Planned minutes/).inputValue(), '30');
      assert.equal(await firstTalk.getByRole('checkbox', { name: 'Lise Demailly' }).isChecked(), true);
      await dialog.getByRole('button', { name: 'Close' }).click();
      await dialog.waitFor({ state: 'detached' });

      // A session on the same stage at the same time: the API's conflict is shown by the form's button, and the session it collides with is marked.
      await org.getByRole('button', { name: 'Add a session', exact: true }).click();
      const newForm = dialog.getByRole('form', { name: 'Add a session' });
      await newForm.getByLabel(/^Title in English/).fill('Clashing plenary');
      await newForm.getByLabel(/^Starts/).fill(utcWallTime(0));
      await newForm.getByLabel(/^Ends/).fill(utcWallTime(30));
      await newForm.getByLabel(/^Stage/).fill('main');
      const chairsOfNew = newForm.getByRole('group', { name: 'Chairs' });
      await chairsOfNew.getByRole('checkbox', { name: 'Anne Later' }).check();
      await newForm.getByRole('button', { name: 'Add the session' }).click();
      await newForm.locator('.form-errors').getByRole('alert').filter({ hasText: 'The programme refused this change' }).waitFor();
      await block('Plenary now').locator('.tt-flag-conflict', { hasText: 'Conflict' }).waitFor();
      await checkAccessibility(org, 'the programme with a conflict');
      await screenshot(org, '02-programme-conflict');

      // A round table with all the form has (panelists, description, language, recorded): the add is confirmed, and the next new-session form is empty.
      await newForm.getByLabel(/^Type/).selectOption('round_table');
      await newForm.getByLabel(/^Title in English/).fill('Round table later');
      await newForm.getByLabel(/^Starts/).fill(utcWallTime(300));
      await newForm.getByLabel(/^Ends/).fill(utcWallTime(360));
      await newForm.getByLabel(/^Stage/).fill('room 4');
      await newForm.getByLabel(/^Description in English/).fill('Peers and researchers discuss expertise.');
      await newForm.getByLabel(/^Language of the session/).selectOption('fr');
      await newForm.getByRole('checkbox', { name: /^Recorded/ }).check();
      await chairsOfNew.getByRole('checkbox', { name: 'Anne Later' }).uncheck();
      await chairsOfNew.getByRole('checkbox', { name: 'Robert Dingwall' }).check();
      await newForm.getByRole('group', { name: 'Panelists (round table)' }).getByRole('checkbox', { name: 'Lise Demailly' }).check();
      await newForm.getByRole('button', { name: 'Add the session' }).click();
      await org.getByRole('status').filter({ hasText: '“Round table later” is added.' }).waitFor();
      await block('Round table later').waitFor();
      await org.getByRole('button', { name: 'Add a session', exact: true }).click();
      assert.equal(await newForm.getByLabel(/^Title in English/).inputValue(), '', 'the form is emptied for the next session');
      assert.equal(await newForm.getByRole('group', { name: 'Chairs' }).getByRole('checkbox', { name: 'Robert Dingwall' }).isChecked(), false);
      await dialog.getByRole('button', { name: 'Close' }).click();
      await dialog.waitFor({ state: 'detached' });
      const added = ((await t.http().get(`/api/events/${ev.id}`).set(owner.auth).expect(200)).body.sessions as Array<{ title: { en?: string }; type: string; recorded: boolean; language: string; description: { en?: string } | null; stage: string; chairs: Array<{ name: string }>; panelists: Array<{ name: string }> }>).find((s) => s.title.en === 'Round table later');
      assert.ok(added, 'the round table is stored');
      assert.deepEqual(
        { type: added.type, recorded: added.recorded, language: added.language, description: added.description?.en, stage: added.stage, chairs: added.chairs.map((p) => p.name), panelists: added.panelists.map((p) => p.name) },
        { type: 'round_table', recorded: true, language: 'fr', description: 'Peers and researchers discuss expertise.', stage: 'room 4', chairs: ['Robert Dingwall'], panelists: ['Lise Demailly'] },
      );
      // Blocks carry no list bullets beside them.
      assert.equal(await org.evaluate<string>("getComputedStyle(document.querySelector('ul.tt-blocks')).listStyleType"), 'none');
      await checkAccessibility(org, 'the programme, a session added');

      // Upload a recording of the session running now.
      await org.getByRole('link', { name: 'Recordings' }).click();
      await org.getByRole('heading', { level: 1, name: 'Recordings' }).waitFor();
      await org.getByLabel('Session').selectOption(ev.live);
      await org.getByLabel('Recording file').setInputFiles({ name: 'plenary.wav', mimeType: 'audio/wav', buffer: wavFile(6, 'tone') });
      await org.getByRole('button', { name: 'Upload', exact: true }).click();
      await org.getByText('The recording is uploaded.').waitFor();
      const card = org.locator('article.recording');
      await card.getByText('Lise Demailly: not answered yet').waitFor();
      await card.getByText(/consent is missing from Lise Demailly/i).waitFor();
      // A reason too short: the API's message next to the field.
      await card.getByLabel(/^Reason for a consent exception/).fill('short');
      await card.getByRole('button', { name: 'Record the exception' }).click();
      await card.locator('.field-error').waitFor();
      assert.equal(await card.getByLabel(/^Reason for a consent exception/).getAttribute('aria-invalid'), 'true');
      await checkAccessibility(org, 'the recordings');
      await screenshot(org, '03-recording-uploaded');

      // The speaker opens the link from their mail, on a phone.
      const mail = await smtp.waitFor(`lise-${ev.slug}@example.org`);
      await speaker.goto(`${t.baseUrl}/me#${linkToken(mail)}`);
      await speaker.getByRole('heading', { level: 2, name: 'Recordings in which I speak' }).waitFor();
      const join = speaker.getByRole('link', { name: 'Join “Plenary now”' });
      await join.waitFor();
      assert.equal(await join.getAttribute('href'), `/events/${ev.slug}/sessions/${ev.live}/live`);
      assert.match((await join.locator('..').textContent()) ?? '', /Open now/, 'a speaker enters from backstage');
      await speaker.getByText('My answer: not answered yet').waitFor();
      await checkAccessibility(speaker, 'the speaker’s personal space');
      await screenshot(speaker, '04-speaker-space');
      await speaker.getByRole('button', { name: /^I consent to publication/ }).click();
      await speaker.getByText('My answer: consents').waitFor();

      // The organiser sees it and publishes.
      await org.reload();
      await card.getByText('Lise Demailly: consents').waitFor();
      await card.getByRole('button', { name: 'Publish' }).click();
      await card.getByRole('button', { name: 'Retract' }).waitFor();
      await card.getByText(/· published/).waitFor();
      await checkAccessibility(org, 'the recordings, published');
      await screenshot(org, '05-recording-published');

      // A visitor plays it.
      const recordings = (await t.http().get(`/api/events/${ev.id}/recordings`).set(owner.auth).expect(200)).body as Array<{ id: string; published: boolean }>;
      assert.equal(recordings.length, 1);
      assert.ok(recordings[0].published);
      await visitor.goto(`${t.baseUrl}/events/${ev.slug}/recordings/${recordings[0].id}`);
      const audio = visitor.locator('audio').first();
      await audio.waitFor();
      await visitor.evaluate(`(() => { const a = document.querySelector('audio'); a.muted = true; return a.play().catch(() => undefined); })()`);
      let played = false;
      for (let i = 0; i < 50 && !played; i++) {
        played = await visitor.evaluate<boolean>(`(() => { const a = document.querySelector('audio'); return a.currentTime > 0 || a.readyState >= 2; })()`);
        if (!played) await visitor.waitForTimeout(200);
      }
      assert.ok(played, 'the recording plays (bounded wait)');
      await checkAccessibility(visitor, 'the recording page');
      await screenshot(visitor, '06-visitor-recording');
    } finally {
      await orgContext.close();
      await speakerContext.close();
      await visitorContext.close();
    }
    assert.deepEqual(consoleErrors.filter((e) => !/40[49]|422|401/.test(e)), [], 'no error in the browser console but the expected refusals');
  });

  it('an organiser opens registration with one seat and a category (a second visitor is waitlisted), deletes sessions and a person; a session links to its live room', { timeout: 180_000 }, async () => {
    const { context: orgContext, page: org } = await newPage();
    const { context: visitorContext, page: visitor } = await newPage();
    try {
      await org.goto(`${t.baseUrl}/organiser/login`);
      await signInOnLoginForm(org, owner);
      await org.goto(`${t.baseUrl}/organiser/events/${ev.id}`);
      const form = org.getByRole('form', { name: 'Registration' });
      await form.waitFor();
      assert.ok(await form.getByRole('checkbox', { name: 'Registration is open' }).isChecked(), 'the event’s registration is open');

      // A bad key first: the API's 422 next to the category's key field.
      await form.getByRole('spinbutton', { name: /^Seats/ }).fill('1');
      await form.getByRole('button', { name: 'Add a category' }).click();
      const category = form.getByRole('group', { name: 'Category 1' });
      await category.getByRole('textbox', { name: /^Key/ }).fill('Not A Key');
      await category.getByRole('textbox', { name: /^Label in English/ }).fill('Practitioner');
      await category.getByRole('textbox', { name: /^Label in French/ }).fill('Praticien·ne');
      await form.getByRole('button', { name: 'Save the registration settings' }).click();
      const keyError = org.locator('[id="field-registration.categories.0.key-error"]');
      await keyError.waitFor();
      assert.equal(await category.getByRole('textbox', { name: /^Key/ }).getAttribute('aria-invalid'), 'true');
      await checkAccessibility(org, 'the registration settings with an error');
      await category.getByRole('textbox', { name: /^Key/ }).fill('practitioner');
      await form.getByRole('button', { name: 'Save the registration settings' }).click();
      await form.getByText('The registration settings are saved.').waitFor();
      await checkAccessibility(org, 'the registration settings');
      await screenshot(org, '07-registration-settings');
      const settings = (await t.http().get(`/api/events/${ev.id}`).set(owner.auth).expect(200)).body.registration as { open: boolean; capacity: number | null; categories: Array<{ key: string; label: { en?: string; fr?: string } }> };
      assert.equal(settings.open, true);
      assert.equal(settings.capacity, 1);
      assert.deepEqual(settings.categories, [{ key: 'practitioner', label: { fr: 'Praticien·ne', en: 'Practitioner' } }]);

      // A visitor registers with the category: confirmed; a second one: on the waiting list.
      const register = async (name: string, email: string) => {
        await visitor.goto(`${t.baseUrl}/events/${ev.slug}/register`);
        await visitor.getByRole('heading', { level: 1, name: 'Register' }).waitFor();
        const reg = visitor.getByRole('form', { name: 'Register' });
        await reg.getByRole('textbox', { name: /^Full name/ }).fill(name);
        await reg.getByRole('textbox', { name: /^E-mail address/ }).fill(email);
        const select = reg.getByRole('combobox', { name: /^You are/ });
        await select.getByRole('option', { name: 'Practitioner' }).waitFor({ state: 'attached' });
        await select.selectOption('practitioner');
        await reg.getByRole('checkbox', { name: /^I agree that my name, e-mail address and affiliation/ }).check();
        await reg.getByRole('button', { name: 'Register' }).click();
      };
      const stamp = Date.now().toString(36);
      await register('Noor First', `noor.${stamp}@example.org`);
      await visitor.getByRole('heading', { level: 1, name: 'You are registered' }).waitFor();
      await checkAccessibility(visitor, 'the first registration, confirmed');
      await register('Sam Second', `sam.${stamp}@example.org`);
      await visitor.getByRole('heading', { level: 1, name: 'You are on the waiting list' }).waitFor();
      await visitor.getByText(/you are number 1 on the waiting list/).waitFor();
      await checkAccessibility(visitor, 'the second registration, waitlisted');
      await screenshot(visitor, '08-waitlisted');

      // The public session page links to its live room.
      await visitor.goto(`${t.baseUrl}/events/${ev.slug}/sessions/${ev.soon}`);
      const live = visitor.getByRole('link', { name: 'Join the live room' });
      await live.waitFor();
      assert.equal(await live.getAttribute('href'), `/events/${ev.slug}/sessions/${ev.soon}/live`);

      // Removing a person still in the programme: the API's 409 is said; deleting their session, then them, works.
      await org.getByRole('link', { name: 'People', exact: true }).click();
      await org.getByRole('heading', { level: 1, name: 'People' }).waitFor();
      const anne = org.locator('li.person-row', { hasText: 'Anne Later' });
      await anne.getByRole('button', { name: 'Remove Anne Later' }).click();
      await anne.getByRole('button', { name: 'Yes, remove Anne Later' }).click();
      await anne.getByRole('alert').filter({ hasText: 'still appears in the programme' }).waitFor();
      await checkAccessibility(org, 'the people, a removal refused');
      await org.getByRole('link', { name: 'Programme' }).click();
      for (const title of ['Plenary soon', 'Plenary later']) {
        // Issue 13: a session's deletion is in its form, opened from its block in the timetable.
        const block = org.locator('li.tt-block', { has: org.locator('.tt-block-title', { hasText: title }) });
        await block.getByRole('button', { name: new RegExp(`^${title}`) }).click();
        const dialog = org.getByRole('dialog');
        await dialog.getByRole('button', { name: `Delete ${title}` }).click();
        await dialog.getByRole('button', { name: 'Yes, delete the session' }).click();
        await org.getByRole('status').filter({ hasText: `“${title}” is deleted.` }).waitFor();
        await block.waitFor({ state: 'detached' });
      }
      await org.getByRole('link', { name: 'People', exact: true }).click();
      const anneAgain = org.locator('li.person-row', { hasText: 'Anne Later' });
      await anneAgain.getByRole('button', { name: 'Remove Anne Later' }).click();
      await anneAgain.getByRole('button', { name: 'Yes, remove Anne Later' }).click();
      await org.getByRole('status').filter({ hasText: 'Anne Later is removed.' }).waitFor();
      await org.locator('li.person-row', { hasText: 'Anne Later' }).waitFor({ state: 'detached' });

      const list = (await t.http().get(`/api/events/${ev.id}/registrations`).set(owner.auth).expect(200)).body as { registrations: Array<{ name: string; status: string; category: string | null }> };
      const byName = Object.fromEntries(list.registrations.map((r) => [r.name, r]));
      assert.equal(byName['Noor First']?.status, 'confirmed');
      assert.equal(byName['Noor First']?.category, 'practitioner');
      assert.equal(byName['Sam Second']?.status, 'waitlisted');
    } finally {
      await orgContext.close();
      await visitorContext.close();
    }
    assert.deepEqual(consoleErrors.filter((e) => !/40[49]|422|401/.test(e)), [], 'no error in the browser console but the expected refusals');
  });
});
