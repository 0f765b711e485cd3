import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { checkAccessibility, collectPageErrors, screenshotsInto, type Screenshot, signInOnLoginForm } from './support/browser';
import type { TestApp } from './support/harness';
import { linkToken, type MailCatcher } from './support/mail-catcher';
import { startWebStack, type WebStack } from './support/web-stack';
import { Clock } from '../apps/api/src/common/clock';
import { MessagesScheduler } from '../apps/api/src/messages/messages.scheduler';

const PDF = (what: string) => Buffer.from(`%PDF-1.4\n% ${what}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n`);
// A 1×1 PNG: the poster.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

/** The people of the EXPEERTs 2019 conference (shared/seeds), with an address for those who are mailed. */
const PEOPLE = [
  { name: 'Baptiste Brossard', affiliation: 'Australian National University', email: 'brossard@example.org' },
  { name: 'Joëlle Zask', affiliation: 'University of Provence', email: 'zask@example.org' },
  { name: 'Jean-Louis Genard', affiliation: 'University of Mons', email: 'genard@example.org' },
  { name: 'Robert Dingwall', affiliation: 'Nottingham Trent University', email: 'dingwall@example.org' },
  { name: 'Marcel Jaeger', affiliation: 'CNAM', email: 'jaeger@example.org' },
  { name: 'Eve Gardien', affiliation: 'Rennes 2 University', email: 'gardien@example.org' },
  { name: 'Lise Demailly', affiliation: 'University of Lille', email: 'demailly@example.org' },
  { name: 'Chyrell Bellamy', affiliation: 'Yale University', email: 'bellamy@example.org' },
];

/**
 * Issue 13's "done when": an organiser who has never seen Amphi builds the seeds' EXPEERTs 2019
 * conference from an empty database in the browser alone (real Chromium, axe-core on each page):
 * the event, its people and committees, a two-day programme in the timetable, its materials, the
 * invitations, registration; a visitor registers; the day-before reminder is mailed at its time,
 * under a clock the test moves (the API's in-process Clock), with the registrant's personal link.
 * Only the organiser's account comes from elsewhere (the CLI makes it). Screenshots go to
 * test-results/web-first-conference/.
 */
describe('an organiser builds the EXPEERTs 2019 conference in the browser alone (issue 13)', () => {
  let t: TestApp;
  let smtp: MailCatcher;
  let browser: Browser | undefined;
  let stack: WebStack | undefined;
  let owner: Awaited<ReturnType<TestApp['organiser']>>;
  let screenshot: Screenshot;
  const pageErrors: string[] = [];

  before(async () => {
    stack = await startWebStack();
    ({ t, smtp, browser } = stack);
    owner = await t.organiser('eve.organiser@example.org', 'a long enough password');
    screenshot = screenshotsInto('web-first-conference');
  });
  after(async () => {
    await stack?.close();
  });

  it('event, people, committees, timetable, materials, invitations, registration and a reminder', { timeout: 600_000 }, async () => {
    // Next year's 14 and 15 November, so that registration is still possible.
    const year = new Date().getUTCFullYear() + 1;
    const day1 = `${year}-11-14`;
    const day2 = `${year}-11-15`;
    const context = await browser!.newContext({ locale: 'en-GB', timezoneId: 'Europe/Paris', viewport: { width: 1280, height: 1000 } });
    const org = await context.newPage();
    org.setDefaultTimeout(20_000);
    collectPageErrors(org, pageErrors);
    const saved = (text: string | RegExp) => org.getByRole('status').filter({ hasText: text }).first().waitFor();
    try {
      // 1. Found from the home page's header, signed in.
      await org.goto(`${t.baseUrl}/`);
      await org.getByRole('banner').getByRole('link', { name: /sign in/i }).click();
      await signInOnLoginForm(org, owner);
      await org.getByText('You have no event yet.').waitFor();

      // 2. The event.
      await org.getByLabel(/^Address name/).fill('expeerts-2019');
      await org.getByLabel(/^Title in French/).fill('Colloque EXPAIRs 2019');
      await org.getByLabel(/^Title in English/).fill('EXPEERTs Conference 2019');
      await org.getByLabel(/^Main language/).selectOption('fr');
      await org.getByLabel(/^Time zone/).fill('Europe/Paris');
      await org.getByLabel(/^First day/).fill(day1);
      await org.getByLabel(/^Last day/).fill(day2);
      await org.getByLabel(/^Format/).selectOption('hybrid');
      await org.getByRole('button', { name: 'Create the event' }).click();
      await org.getByRole('heading', { level: 1, name: 'EXPEERTs Conference 2019' }).waitFor();
      const eventId = new URL(org.url()).pathname.split('/').pop()!;
      await org.getByLabel(/^Subtitle in French/).fill('L’accompagnement par les pairs : enjeux contemporains');
      await org.getByLabel(/^Subtitle in English/).fill('Peer support: contemporary issues');
      await org.getByLabel(/^Description in French/).fill('Ce colloque examine les enjeux des formes multiples de la participation des pairs.');
      await org.getByLabel(/^Description in English/).fill('This conference examines the challenges of the many practical forms of peer participation.');
      await org.getByLabel(/^Keywords in French/).fill('santé, handicap, santé mentale, pair, participation');
      await org.getByLabel(/^Keywords in English/).fill('health, disability, mental health, peer, participation');
      await org.getByLabel(/^Venue name/).fill('Maison des Sciences de l’Homme de Bretagne, Rennes');
      await org.getByRole('button', { name: 'Save', exact: true }).click();
      await saved('Saved');
      await checkAccessibility(org, 'the event, its details saved');
      await org.getByLabel('Registration is open').check();
      await org.getByLabel(/^Seats/).fill('150');
      await org.getByRole('button', { name: 'Save the registration settings' }).click();
      await saved('The registration settings are saved.');

      // 3. People.
      const nav = () => org.getByRole('navigation', { name: /event/i });
      await nav().getByRole('link', { name: 'People' }).click();
      await org.getByRole('heading', { level: 1, name: 'People' }).waitFor();
      const addForm = org.locator('section', { has: org.getByRole('heading', { level: 2, name: 'Add a person' }) });
      for (const p of PEOPLE) {
        await addForm.getByLabel(/^Name/).fill(p.name);
        await addForm.getByLabel(/^E-mail address/).fill(p.email);
        await addForm.getByLabel(/^Affiliation/).fill(p.affiliation);
        await addForm.getByRole('button', { name: 'Add the person' }).click();
        await org.locator('li.person-row', { hasText: p.name }).waitFor();
        assert.equal(await addForm.getByLabel(/^Name/).inputValue(), '', 'the form is emptied for the next person');
      }
      await checkAccessibility(org, 'eight people');

      // 4. Committees.
      await committees(org, nav);

      // 5. The programme, in the timetable.
      await timetable(org, nav, day1, day2, screenshot);

      // 6. Materials: the programme, the poster, the proceedings.
      await nav().getByRole('link', { name: 'Materials' }).click();
      await org.getByRole('heading', { level: 1, name: 'Materials' }).waitFor();
      const addFile = async (kind: string, title: string, file: { name: string; mimeType: string; buffer: Buffer }) => {
        await org.getByLabel(/^Kind/).selectOption(kind);
        await org.getByLabel(/^Title in English/).fill(title);
        await org.getByLabel(/^File/).setInputFiles(file);
        await org.getByRole('button', { name: 'Add the file' }).click();
        await saved(`“${title}” is added`);
      };
      await addFile('programme', 'The programme of the EXPEERTs 2019 conference', { name: 'programme.pdf', mimeType: 'application/pdf', buffer: PDF('programme') });
      await addFile('poster', 'The poster of the EXPEERTs 2019 conference', { name: 'poster.png', mimeType: 'image/png', buffer: PNG });
      await addFile('proceedings', 'Proceedings of the workshops', { name: 'proceedings.pdf', mimeType: 'application/pdf', buffer: PDF('proceedings') });
      await checkAccessibility(org, 'materials');
      await screenshot(org, '04-materials');

      // 7. Published, then the invitations to the chairs and speakers.
      await nav().getByRole('link', { name: 'Event' }).click();
      await org.getByRole('button', { name: 'Publish the event' }).click();
      await org.getByText('This event is published.').waitFor();
      await nav().getByRole('link', { name: 'People' }).click();
      await org.getByRole('button', { name: 'Send invitations' }).click();
      await saved('8 invitations sent.');
      for (const p of PEOPLE) await org.locator('li.person-row', { hasText: p.name }).getByText(/invited on/).waitFor();
      const chairInvitation = await smtp.waitFor('brossard@example.org');
      linkToken(chairInvitation);
      await checkAccessibility(org, 'people, invited');
      await screenshot(org, '05-invited');

      // 8. A visitor reads the programme, the committees and the materials, then registers, in French.
      const visitorContext = await browser!.newContext({ locale: 'fr-FR', timezoneId: 'Europe/Paris' });
      const visitor = await visitorContext.newPage();
      visitor.setDefaultTimeout(20_000);
      collectPageErrors(visitor, pageErrors);
      await visitor.goto(`${t.baseUrl}/events/expeerts-2019`);
      await visitor.getByRole('heading', { level: 1, name: 'Colloque EXPAIRs 2019' }).waitFor();
      for (const title of ['Citoyens dans une société en mutation', 'De la participation citoyenne à la pair-aidance', 'Pair-aidance et accompagnement : le défi contemporain de la professionnalisation'])
        await visitor.getByRole('link', { name: title }).first().waitFor();
      await visitor.getByRole('link', { name: /poster of the EXPEERTs 2019/i }).waitFor();
      await visitor.getByText('Chyrell Bellamy').first().waitFor();
      await checkAccessibility(visitor, 'the public event page');
      await screenshot(visitor, '06-public');
      await visitor.getByRole('link', { name: /S’inscrire/ }).first().click();
      await visitor.getByLabel(/^Nom/).fill('Camille Pair');
      await visitor.getByRole('form', { name: 'Inscription' }).getByLabel(/^Adresse e-mail/).fill('camille@example.org');
      await visitor.getByLabel(/J’accepte|J'accepte/).first().check();
      await visitor.getByRole('button', { name: 'S’inscrire' }).click();
      await visitor.getByRole('heading', { level: 1, name: /Vous êtes inscrit/ }).waitFor();
      const confirmation = await smtp.waitFor('camille@example.org');
      const registrantToken = linkToken(confirmation);
      await visitorContext.close();

      // 9. The reminder the day before (the default), mailed once at its time with the personal link.
      const clock = t.app.get(Clock);
      const scheduler = t.app.get(MessagesScheduler);
      const firstStart = Date.parse(`${day1}T09:30:00+01:00`);
      clock.now = () => new Date(firstStart - 25 * 3600_000);
      assert.equal((await scheduler.runDue()).reminders, 0, 'not before its time');
      clock.now = () => new Date(firstStart - 23.5 * 3600_000);
      assert.equal((await scheduler.runDue()).reminders, 1, 'Camille, once');
      assert.equal((await scheduler.runDue()).reminders, 0, 'never twice');
      const reminder = await smtp.waitFor('camille@example.org', (m) => m !== confirmation);
      assert.match(reminder.subject, /Rappel|demain/i, 'in French, as Camille registered');
      assert.equal(linkToken(reminder), registrantToken, 'with the personal link in use');
      assert.deepEqual(pageErrors, []);
    } finally {
      await context.close();
    }
  });
});

/** The committees: Eve Gardien coordinates the organising committee, Chyrell Bellamy and Baptiste Brossard sit on the scientific one. */
async function committees(org: Page, nav: () => ReturnType<Page['getByRole']>): Promise<void> {
  await nav().getByRole('link', { name: 'Committees' }).click();
  await org.getByRole('heading', { level: 1, name: 'Committees' }).waitFor();
  const fill = async (name: 'organising' | 'scientific', members: Array<{ person: string; fr: string; en: string }>) => {
    const heading = name === 'organising' ? 'Organising committee' : 'Scientific committee';
    const section = org.locator('section.committee', { has: org.getByRole('heading', { level: 2, name: heading }) });
    for (const m of members) {
      await section.getByLabel(`Person (${name} committee)`, { exact: true }).selectOption({ label: m.person });
      await section.getByRole('button', { name: `Add to the committee (${name} committee)` }).click();
      await section.getByLabel(`Role in French (${m.person})`).fill(m.fr);
      await section.getByLabel(`Role in English (${m.person})`).fill(m.en);
    }
    await section.getByRole('button', { name: `Save the ${name} committee` }).click();
    await section.getByRole('status').filter({ hasText: `The ${name} committee is saved.` }).waitFor();
  };
  await fill('organising', [{ person: 'Eve Gardien', fr: 'Coordinatrice', en: 'Coordinator' }]);
  await fill('scientific', [
    { person: 'Chyrell Bellamy', fr: 'Membre', en: 'Member' },
    { person: 'Baptiste Brossard', fr: 'Membre', en: 'Member' },
  ]);
  await checkAccessibility(org, 'the committees');
}

/** The day's heading in the timetable, as an English reader in Paris sees it. */
const dayName = (date: string) => new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(new Date(`${date}T12:00:00+01:00`));

/** The three plenaries of the seeds over the two days, each from its column's "Add a session" with the keyboard, in the full form. */
async function timetable(org: Page, nav: () => ReturnType<Page['getByRole']>, day1: string, day2: string, screenshot: Screenshot): Promise<void> {
  await nav().getByRole('link', { name: 'Programme' }).click();
  await org.getByRole('heading', { level: 1, name: 'Programme' }).waitFor();
  const dialog = org.getByRole('dialog');
  const plenaries = [
    { day: day1, from: '09:30', to: '11:00', fr: 'Citoyens dans une société en mutation', en: 'Citizens in a changing society', chair: 'Baptiste Brossard', talks: [['Joëlle Zask', 'Elements for a culture of participation'], ['Jean-Louis Genard', 'The anthropological horizon of new social policies']] },
    { day: day1, from: '14:00', to: '15:30', fr: 'De la participation citoyenne à la pair-aidance', en: 'From citizen participation to peer support', chair: 'Robert Dingwall', talks: [['Marcel Jaeger', 'The participation of people supported in France'], ['Eve Gardien', 'Peer support: context effects, public policy effects']] },
    { day: day2, from: '09:30', to: '11:00', fr: 'Pair-aidance et accompagnement : le défi contemporain de la professionnalisation', en: 'Peer support and accompaniment: the contemporary challenge of professionalization', chair: 'Eve Gardien', talks: [['Lise Demailly', 'Professionalization of peer support in mental health in France'], ['Chyrell Bellamy', 'Experiences of professionalizing peer support']] },
  ];
  for (const p of plenaries) {
    const column = org.getByRole('region', { name: `main, ${dayName(p.day)}`, exact: true });
    await column.getByRole('button', { name: `Add a session main, ${dayName(p.day)}` }).focus();
    await org.keyboard.press('Enter');
    await dialog.getByRole('heading', { name: 'Add a session' }).waitFor();
    await dialog.getByLabel(/^Starts/).fill(`${p.day}T${p.from}`);
    await dialog.getByLabel(/^Ends/).fill(`${p.day}T${p.to}`);
    await dialog.getByLabel(/^Title in French/).first().fill(p.fr);
    await dialog.getByLabel(/^Title in English/).first().fill(p.en);
    await dialog.getByRole('group', { name: 'Chairs' }).getByRole('checkbox', { name: p.chair }).check();
    for (const [i, [speaker, title]] of p.talks.entries()) {
      const talk = dialog.getByRole('group', { name: `Talk ${i + 1}`, exact: true });
      if (!(await talk.count())) await dialog.getByRole('button', { name: 'Add a talk' }).click();
      await talk.getByLabel(/^Title in English/).fill(title);
      await talk.getByLabel(/^Planned minutes/).fill('40');
      await talk.getByRole('group', { name: 'Speakers' }).getByRole('checkbox', { name: speaker }).check();
    }
    await dialog.getByLabel(/^Recorded/).check();
    await dialog.getByRole('button', { name: 'Add the session' }).click();
    await org.getByRole('status').filter({ hasText: `“${p.en}” is added.` }).waitFor();
    await dialog.waitFor({ state: 'detached' });
    await column.locator('li.tt-block', { hasText: p.en }).waitFor();
  }
  await checkAccessibility(org, 'the two-day programme in the timetable');
  await screenshot(org, '03-timetable');
}
