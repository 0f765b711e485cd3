import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Locator, Page } from 'playwright-core';
import { checkAccessibility, collectPageErrors, screenshotsInto, type Screenshot, signInOnLoginForm } from './support/browser';
import type { TestApp } from './support/harness';
import { startWebStack, type WebStack } from './support/web-stack';

/**
 * Issue 13, item 2: the organiser's timetable (real chromium, axe-core on each state). A two-day
 * programme on two stages is built in the browser alone, with the mouse (a session drawn over an empty
 * slot, another clicked into one, a block dragged to the other stage and day, its bottom edge dragged)
 * and with the keyboard (added from a column's button, moved by arrows to another time and stage,
 * lengthened with Shift+arrows, saved with Enter); what is stored is read back through the API. A
 * conflict is shown on the block where it occurs, with the focus there: found by the shared rule as
 * the block is moved (same stage, same chair), and found by the API alone when the page did not know
 * the session it collides with. Then the viewer's own zone, and a phone-width screen.
 * Screenshots go to test-results/web-timetable/.
 */
describe('the organiser’s timetable', () => {
  let t: TestApp;
  let browser: Browser | undefined;
  let stack: WebStack | undefined;
  let owner: Awaited<ReturnType<TestApp['organiser']>>;
  let screenshot: Screenshot;
  const consoleErrors: string[] = [];

  before(async () => {
    stack = await startWebStack();
    ({ t, browser } = stack);
    owner = await t.organiser();
    screenshot = screenshotsInto('web-timetable');
  });
  after(async () => {
    await stack?.close();
  });

  it('builds a two-day programme on two stages with the mouse and the keyboard, and shows a conflict where it occurs', { timeout: 240_000 }, async () => {
    const stamp = Date.now().toString(36);
    const api = () => t.http();
    const ZONE = 'Europe/Paris';
    const event = (
      await api()
        .post('/api/events')
        .set(owner.auth)
        .send({ slug: `timetable-${stamp}`, title: { fr: 'Colloque', en: 'Conference' }, mainLanguage: 'en', timeZone: ZONE, startDate: '2030-03-14', endDate: '2030-03-15', format: 'online' })
        .expect(201)
    ).body as { id: string };
    const person = async (name: string) => (await api().post(`/api/events/${event.id}/people`).set(owner.auth).send({ name }).expect(201)).body as { id: string };
    const eve = await person('Eve Gardien');
    await person('Lise Demailly');
    type Stored = { id: string; title: { en?: string }; startsAt: string; endsAt: string; stage: string };
    const stored = async (title: string) => {
      const sessions = (await api().get(`/api/events/${event.id}`).set(owner.auth).expect(200)).body.sessions as Stored[];
      const found = sessions.find((s) => s.title.en === title);
      assert.ok(found, `“${title}” is stored`);
      return { startsAt: found.startsAt, endsAt: found.endsAt, stage: found.stage };
    };
    const dayName = (date: string) => new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(new Date(`${date}T12:00:00+01:00`));
    const [day1, day2] = [dayName('2030-03-14'), dayName('2030-03-15')];

    // The viewer is in Montréal: the grid is in the event's zone, the viewer's own on request.
    const context = await browser!.newContext({ locale: 'en-GB', timezoneId: 'America/Montreal', viewport: { width: 1280, height: 1800 } }); // the whole grid in view: a drag is to points on the screen
    const org = await context.newPage();
    org.setDefaultTimeout(15_000);
    collectPageErrors(org, consoleErrors);
    const column = (stage: string, day: string) => org.getByRole('region', { name: `${stage}, ${day}`, exact: true });
    const block = (title: string) => org.locator('li.tt-block', { has: org.locator('.tt-block-title', { hasText: title }) });
    /** The page's y of a wall-clock minute in a column (the grid shows 08:00–19:00 here). */
    const yOf = async (col: Locator, minute: number) => {
      const box = (await col.locator('.tt-column-body').boundingBox())!;
      return box.y + ((minute - 8 * 60) / (11 * 60)) * box.height;
    };
    const xOf = async (col: Locator) => {
      const box = (await col.locator('.tt-column-body').boundingBox())!;
      return box.x + box.width / 2;
    };
    const drag = async (page: Page, from: { x: number; y: number }, to: { x: number; y: number }) => {
      await page.mouse.move(from.x, from.y);
      await page.mouse.down();
      await page.mouse.move(from.x + (to.x - from.x) / 2, from.y + (to.y - from.y) / 2, { steps: 4 });
      await page.mouse.move(to.x, to.y, { steps: 4 });
      await page.mouse.up();
    };
    const dialog = org.getByRole('dialog');
    const status = (text: string) => org.getByRole('status').filter({ hasText: text });
    const holdsFocus = (locator: Locator) => locator.evaluate((el) => el === el.ownerDocument.activeElement || el.contains(el.ownerDocument.activeElement));

    try {
      await org.goto(`${t.baseUrl}/organiser`);
      await org.waitForURL(/\/organiser\/login/);
      await signInOnLoginForm(org, owner);
      await org.goto(`${t.baseUrl}/organiser/events/${event.id}/programme`);
      await org.getByRole('heading', { level: 1, name: 'Programme' }).waitFor();
      for (const day of [day1, day2]) await org.getByRole('heading', { level: 2, name: day }).waitFor();
      await column('main', day1).waitFor();
      await org.getByText('Keyboard: on a session, the up and down arrows move it by 5 minutes').waitFor();
      await checkAccessibility(org, 'an empty timetable');

      // A second stage, named before any session uses it.
      await org.getByLabel('New stage').fill('Room B');
      await org.getByRole('button', { name: 'Add the stage' }).click();
      await status('The stage “Room B” is added').waitFor();
      await column('Room B', day2).waitFor();

      // MOUSE. Drawn over an empty slot: 09:00 to 10:30 on the main stage, the first day.
      const main1 = column('main', day1);
      await drag(org, { x: await xOf(main1), y: (await yOf(main1, 9 * 60)) + 1 }, { x: await xOf(main1), y: (await yOf(main1, 10 * 60 + 30)) + 1 });
      await dialog.getByRole('heading', { name: 'Add a session' }).waitFor();
      assert.equal(await dialog.getByLabel(/^Starts/).inputValue(), '2030-03-14T09:00');
      assert.equal(await dialog.getByLabel(/^Ends/).inputValue(), '2030-03-14T10:30');
      assert.equal(await dialog.getByLabel(/^Stage/).inputValue(), 'main');
      await checkAccessibility(org, 'the new-session dialog over a drawn slot');
      await screenshot(org, '01-slot-drawn');
      await dialog.getByLabel(/^Title in English/).fill('Opening');
      await dialog.getByRole('group', { name: 'Chairs' }).getByRole('checkbox', { name: 'Eve Gardien' }).check();
      await dialog.getByRole('button', { name: 'Add the session' }).click();
      await status('“Opening” is added.').waitFor();
      await dialog.waitFor({ state: 'detached' });
      await main1.locator('li.tt-block', { hasText: 'Opening' }).waitFor();
      assert.deepEqual(await stored('Opening'), { startsAt: '2030-03-14T09:00:00+01:00', endsAt: '2030-03-14T10:30:00+01:00', stage: 'main' });

      // A click into an empty slot: 30 minutes from there, on Room B. Same chair as the opening.
      const roomB1 = column('Room B', day1);
      await org.mouse.click(await xOf(roomB1), (await yOf(roomB1, 11 * 60)) + 1);
      await dialog.getByRole('heading', { name: 'Add a session' }).waitFor();
      assert.equal(await dialog.getByLabel(/^Starts/).inputValue(), '2030-03-14T11:00');
      assert.equal(await dialog.getByLabel(/^Ends/).inputValue(), '2030-03-14T11:30');
      await dialog.getByLabel(/^Title in English/).fill('Workshop A');
      await dialog.getByRole('group', { name: 'Chairs' }).getByRole('checkbox', { name: 'Eve Gardien' }).check();
      await dialog.getByRole('button', { name: 'Add the session' }).click();
      await status('“Workshop A” is added.').waitFor();
      assert.deepEqual(await stored('Workshop A'), { startsAt: '2030-03-14T11:00:00+01:00', endsAt: '2030-03-14T11:30:00+01:00', stage: 'Room B' });

      // The opening dragged to Room B on the second day, at 14:00 (grabbed 4 px under its top).
      const roomB2 = column('Room B', day2);
      const opening = (await block('Opening').boundingBox())!;
      await drag(org, { x: opening.x + opening.width / 2, y: opening.y + 4 }, { x: await xOf(roomB2), y: (await yOf(roomB2, 14 * 60)) + 4 });
      await status('“Opening” is saved.').waitFor();
      await roomB2.locator('li.tt-block', { hasText: 'Opening' }).waitFor();
      assert.deepEqual(await stored('Opening'), { startsAt: '2030-03-15T14:00:00+01:00', endsAt: '2030-03-15T15:30:00+01:00', stage: 'Room B' });

      // Its bottom edge dragged to 16:00.
      const edge = (await block('Opening').locator('.tt-resize').boundingBox())!;
      await drag(org, { x: edge.x + edge.width / 2, y: edge.y + edge.height / 2 }, { x: edge.x + edge.width / 2, y: await yOf(roomB2, 16 * 60) });
      await block('Opening').getByText('14:00–16:00').waitFor();
      // Saved once the block is no longer a draft (the status already said “Opening” is saved, for the move).
      await block('Opening').getByText('(not saved)').waitFor({ state: 'detached' });
      await status('“Opening” is saved.').waitFor();
      assert.deepEqual(await stored('Opening'), { startsAt: '2030-03-15T14:00:00+01:00', endsAt: '2030-03-15T16:00:00+01:00', stage: 'Room B' });
      await checkAccessibility(org, 'the timetable after mouse edits');
      await screenshot(org, '02-mouse-built');

      // KEYBOARD. Added from the main stage's button of the first day (now empty): 09:00–09:30 proposed.
      await main1.getByRole('button', { name: `Add a session main, ${day1}` }).focus();
      await org.keyboard.press('Enter');
      await dialog.getByRole('heading', { name: 'Add a session' }).waitFor();
      assert.equal(await dialog.getByLabel(/^Starts/).inputValue(), '2030-03-14T09:00');
      await dialog.getByLabel(/^Title in English/).focus();
      await org.keyboard.type('Keynote');
      await dialog.getByRole('group', { name: 'Chairs' }).getByRole('checkbox', { name: 'Lise Demailly' }).focus();
      await org.keyboard.press('Space');
      await dialog.getByLabel(/^Title in English/).focus();
      await org.keyboard.press('Enter');
      await status('“Keynote” is added.').waitFor();
      const keynote = org.getByRole('button', { name: /^Keynote/ });
      await org.waitForFunction(`document.activeElement?.textContent?.startsWith('Keynote') ?? false`);

      // Down 30 minutes, to Room B, 30 minutes longer: shown and said as it goes, saved with Enter.
      for (let i = 0; i < 6; i++) await org.keyboard.press('ArrowDown');
      await org.keyboard.press('ArrowRight');
      for (let i = 0; i < 6; i++) await org.keyboard.press('Shift+ArrowDown');
      await roomB1.locator('li.tt-block', { hasText: 'Keynote' }).getByText('(not saved)').waitFor();
      assert.ok(await holdsFocus(keynote), 'the focus follows the block to its new column');
      await org.locator('[aria-live="polite"]').filter({ hasText: `Keynote — ${day1}, 09:30–10:30, stage Room B — Enter saves` }).waitFor();
      await checkAccessibility(org, 'a block moved with the keyboard, not saved yet');
      await org.keyboard.press('Enter');
      await status('“Keynote” is saved.').waitFor();
      await roomB1.locator('li.tt-block', { hasText: 'Keynote' }).getByText('(not saved)').waitFor({ state: 'detached' });
      assert.deepEqual(await stored('Keynote'), { startsAt: '2030-03-14T09:30:00+01:00', endsAt: '2030-03-14T10:30:00+01:00', stage: 'Room B' });
      assert.ok(await holdsFocus(keynote), 'the focus stays on the saved block');

      // CONFLICT, found by the shared rule as the block moves: an hour later (10:30–11:30) it overlaps Workshop A on Room B.
      for (let i = 0; i < 12; i++) await org.keyboard.press('ArrowDown');
      const keynoteBlock = block('Keynote');
      await keynoteBlock.locator('.tt-flag-conflict', { hasText: 'Conflict' }).waitFor();
      await block('Workshop A').locator('.tt-flag-conflict', { hasText: 'Conflict' }).waitFor();
      await org.locator('[aria-live="polite"]').filter({ hasText: '1 conflict' }).waitFor();
      await org.keyboard.press('Enter');
      const note = keynoteBlock.getByRole('alert');
      await note.getByText('The programme refused this change:').waitFor();
      await note.getByText(/“Keynote” .* overlaps “Workshop A” .* on stage “Room B”/).waitFor();
      assert.ok(await holdsFocus(note), 'the focus moves to the conflict, on the block');
      await checkAccessibility(org, 'a move refused by the rule, on its block');
      await screenshot(org, '03-conflict-stage');
      await note.getByRole('button', { name: 'Put it back where it was' }).click();
      await keynoteBlock.locator('.tt-flag-conflict', { hasText: 'Conflict' }).waitFor({ state: 'detached' });
      assert.ok(await holdsFocus(keynote), 'the focus is back on the block');
      assert.deepEqual(await stored('Keynote'), { startsAt: '2030-03-14T09:30:00+01:00', endsAt: '2030-03-14T10:30:00+01:00', stage: 'Room B' }, 'nothing was sent');

      // Same chair, with the mouse: Workshop A (Eve) dropped at 14:30 on the main stage of day 2 while Eve chairs the opening.
      const main2 = column('main', day2);
      const workshop = (await block('Workshop A').boundingBox())!;
      await drag(org, { x: workshop.x + workshop.width / 2, y: workshop.y + 4 }, { x: await xOf(main2), y: (await yOf(main2, 14 * 60 + 30)) + 4 });
      const workshopNote = block('Workshop A').getByRole('alert');
      await workshopNote.getByText(/Eve Gardien would/).waitFor();
      assert.ok(await holdsFocus(workshopNote), 'the focus moves to the conflict, on the dropped block');
      await block('Opening').locator('.tt-flag-conflict', { hasText: 'Conflict' }).waitFor();
      await checkAccessibility(org, 'a drop refused by the rule, on its block');
      await screenshot(org, '04-conflict-chair');
      await org.keyboard.press('Escape');
      await roomB1.locator('li.tt-block', { hasText: 'Workshop A' }).waitFor();
      assert.deepEqual(await stored('Workshop A'), { startsAt: '2030-03-14T11:00:00+01:00', endsAt: '2030-03-14T11:30:00+01:00', stage: 'Room B' });

      // The API stays the authority: a session another organiser just added, unknown to this page, refuses the move with its 409.
      await api()
        .post(`/api/events/${event.id}/sessions`)
        .set(owner.auth)
        .send({ type: 'break', title: { en: 'Coffee' }, startsAt: '2030-03-15T09:00', endsAt: '2030-03-15T10:00', stage: 'main' })
        .expect(201);
      await keynote.focus();
      await org.keyboard.press('ArrowRight');
      await main2.locator('li.tt-block', { hasText: 'Keynote' }).waitFor();
      await org.keyboard.press('Enter');
      const refused = block('Keynote').getByRole('alert');
      await refused.getByText(/overlaps “Coffee”/).waitFor();
      assert.ok(await holdsFocus(refused), 'the focus moves to the API’s conflict, on the block');
      await org.keyboard.press('Escape');
      await roomB1.locator('li.tt-block', { hasText: 'Keynote' }).waitFor();

      // The session's full form opens from its block, with its live room and chair console.
      await keynote.click();
      await dialog.getByRole('heading', { name: '“Keynote”' }).waitFor();
      assert.match((await dialog.getByRole('link', { name: 'Live room Keynote' }).getAttribute('href')) ?? '', /\/events\/timetable-.*\/sessions\/.*\/live$/);
      await dialog.getByRole('link', { name: 'Chair console Keynote' }).waitFor();
      await dialog.getByLabel(/^Title in French/).fill('Conférence inaugurale');
      await dialog.getByRole('button', { name: 'Save' }).click();
      await status('“Keynote” is saved.').waitFor();
      await dialog.waitFor({ state: 'detached' });

      // In the viewer's own zone (Montréal, 5 hours behind Paris in March 2030) on request.
      await org.getByRole('checkbox', { name: /^Show the times in my time zone/ }).check();
      await block('Keynote').getByText('04:30–05:30').waitFor();
      await checkAccessibility(org, 'the timetable in the viewer’s zone');
      await org.getByRole('checkbox', { name: /^Show the times in my time zone/ }).uncheck();
      await block('Keynote').getByText('09:30–10:30').waitFor();

      // Twenty sessions on two stages over the two days: all of them on one screen, each with its title readable.
      const more: Array<[string, string, string, string]> = [
        ['14', '09:00', '09:45', 'main'], ['14', '10:00', '10:45', 'main'], ['14', '11:00', '11:45', 'main'], ['14', '12:00', '12:45', 'main'],
        ['14', '14:00', '14:45', 'main'], ['14', '15:00', '15:45', 'main'], ['14', '16:00', '16:45', 'main'], ['15', '10:30', '11:15', 'main'],
        ['15', '11:30', '12:15', 'main'], ['15', '14:00', '14:45', 'main'], ['15', '15:00', '15:45', 'main'], ['15', '16:00', '16:45', 'main'],
        ['14', '14:00', '14:45', 'Room B'], ['14', '15:00', '15:45', 'Room B'], ['15', '10:00', '10:45', 'Room B'], ['15', '11:00', '11:45', 'Room B'],
      ];
      for (const [i, [day, from, to, stage]] of more.entries()) {
        await api()
          .post(`/api/events/${event.id}/sessions`)
          .set(owner.auth)
          .send({ type: 'break', title: { en: `Session ${i + 1}` }, startsAt: `2030-03-${day}T${from}`, endsAt: `2030-03-${day}T${to}`, stage })
          .expect(201);
      }
      await org.reload();
      await block('Session 16').waitFor();
      const blocks = org.locator('li.tt-block');
      assert.equal(await blocks.count(), 20);
      for (const b of await blocks.all()) {
        const box = (await b.boundingBox())!;
        const titleBox = (await b.locator('.tt-block-title').boundingBox())!;
        assert.ok(box.x >= 0 && box.x + box.width <= 1280 && box.y + box.height <= 1800, `${await b.textContent()} is on the screen`);
        assert.ok(titleBox.y + titleBox.height <= box.y + box.height + 1, `${await b.textContent()}: its title fits in its block`);
      }
      await checkAccessibility(org, 'a programme of twenty sessions');
      await screenshot(org, '06-twenty-sessions');

      // On a phone: a list per day and stage, the same blocks and buttons.
      await org.setViewportSize({ width: 390, height: 844 });
      await column('Room B', day1).getByRole('button', { name: /^Keynote/ }).waitFor();
      // (The event's navigation above is another matter: its links are not the timetable's.)
      const overflowing = await org.evaluate<string[]>(`[...document.querySelectorAll('.tt-scroll, .tt-scroll *, .tt-toolbar, .tt-help')].filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1).map((e) => e.className)`);
      assert.deepEqual(overflowing, [], 'nothing of the timetable needs sideways scrolling on a phone');
      await checkAccessibility(org, 'the timetable on a phone');
      await screenshot(org, '05-phone');
      assert.deepEqual(consoleErrors.filter((e) => !/409/.test(e)), [], 'no error in the browser console but the expected refusal');
    } catch (error) {
      await screenshot(org, 'failure');
      throw error;
    } finally {
      await context.close();
    }
  });
});
