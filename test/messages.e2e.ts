import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { startTestApp, type TestApp } from './support/harness';
import { setClock } from './support/clock';
import { linkToken, startMailCatcher, type CaughtMail, type MailCatcher } from './support/mail-catcher';
import { until } from './support/wait';
import { MessagesScheduler } from '../apps/api/src/messages/messages.scheduler';

type Auth = { Authorization: string };

const runDue = (t: TestApp) => t.app.get(MessagesScheduler).runDue();
/** Every mail the API decided to send to `to` whose subject matches. */
async function outbox(t: TestApp, to: string, subject: RegExp): Promise<number> {
  const rows: Array<{ subject: string }> = await t.app.get(DataSource).query(`SELECT subject FROM outbox_mail WHERE to_address = $1`, [to]);
  return rows.filter((r) => subject.test(r.subject)).length;
}

interface Fixture {
  id: string;
  slug: string;
  chairEmail: string;
  morningId: string;
  afternoonId: string;
  register(name: string, language: 'fr' | 'en', category?: string): Promise<{ id: string; email: string }>;
}

/**
 * An event on 12 March 2030 in Paris (UTC+1): a plenary 09:30–11:00 (08:30Z), a break, an afternoon
 * session 13:00–14:00 (12:00Z); two seats, two categories.
 */
async function makeEvent(t: TestApp, owner: Auth, options: { publish: boolean }): Promise<Fixture> {
  const slug = `messages-${randomBytes(4).toString('hex')}`;
  const event = (
    await t
      .http()
      .post('/api/events')
      .set(owner)
      .send({ slug, title: { fr: 'Journée d’étude', en: 'Study day' }, mainLanguage: 'fr', timeZone: 'Europe/Paris', startDate: '2030-03-12', endDate: '2030-03-12', format: 'online' })
      .expect(201)
  ).body as { id: string };
  await t
    .http()
    .patch(`/api/events/${event.id}`)
    .set(owner)
    .send({ registration: { capacity: 2, categories: [{ key: 'researcher', label: { fr: 'Chercheur·e', en: 'Researcher' } }, { key: 'student', label: { fr: 'Étudiant·e', en: 'Student' } }] } })
    .expect(200);
  const chairEmail = `chair-${slug}@example.org`;
  const chair = (await t.http().post(`/api/events/${event.id}/people`).set(owner).send({ name: 'Eve Gardien', email: chairEmail }).expect(201)).body as { id: string };
  const session = async (type: string, title: string, startsAt: string, endsAt: string) =>
    (
      await t
        .http()
        .post(`/api/events/${event.id}/sessions`)
        .set(owner)
        .send({ type, title: { fr: `${title} (fr)`, en: title }, startsAt, endsAt, chairs: type === 'break' ? [] : [chair.id], talks: [] })
        .expect(201)
    ).body as { id: string };
  const morning = await session('plenary', 'Morning plenary', '2030-03-12T09:30', '2030-03-12T11:00');
  await session('break', 'Coffee', '2030-03-12T11:00', '2030-03-12T11:15');
  const afternoon = await session('plenary', 'Afternoon plenary', '2030-03-12T13:00', '2030-03-12T14:00');
  if (options.publish) await t.http().post(`/api/events/${event.id}/publish`).set(owner).expect(200);
  return {
    id: event.id,
    slug,
    chairEmail,
    morningId: morning.id,
    afternoonId: afternoon.id,
    async register(name, language, category) {
      const email = `${name.toLowerCase().replace(/\W+/g, '-')}-${slug}@example.org`;
      const body = (
        await t
          .http()
          .post(`/api/events/${event.id}/registrations`)
          .set(owner)
          .send({ name, email, language, privacyConsent: true, ...(category ? { category } : {}) })
          .expect(201)
      ).body as { id: string };
      return { id: body.id, email };
    },
  };
}

describe('messages from the organiser', () => {
  let t: TestApp;
  let smtp: MailCatcher;
  let owner: Auth;
  let stranger: Auth;

  before(async () => {
    smtp = await startMailCatcher();
    t = await startTestApp({ SMTP_URL: smtp.url, MAIL_POLL_MS: '50', MESSAGES_TICK_MS: '3600000', RATE_LIMIT_LOGIN_PER_IP: '100000' });
    owner = (await t.organiser()).auth;
    stranger = (await t.organiser()).auth;
  });
  after(async () => {
    await t.close();
    await smtp.close();
  });

  it('previews with the count, sends each recipient their language and link, once per idempotency key; the waiting list and a category are targeted', async () => {
    const ev = await makeEvent(t, owner, { publish: true });
    const alice = await ev.register('Alice Martin', 'fr', 'researcher');
    const bob = await ev.register('Bob Smith', 'en', 'student');
    const carol = await ev.register('Carol Jones', 'en', 'student'); // the third: waiting list
    const aliceLink = linkToken(await smtp.waitFor(alice.email));

    const draft = {
      audience: 'registered',
      subject: { fr: 'Informations pratiques', en: 'Practical information' },
      body: { fr: 'Bonjour à toutes et à tous.\n\nLa salle ouvre à 9 h.', en: 'Hello everyone.\n\nThe room opens at 9.' },
    };
    const preview = (await t.http().post(`/api/events/${ev.id}/messages/preview`).set(owner).send(draft).expect(200)).body;
    assert.equal(preview.recipientCount, 2);
    assert.deepEqual(preview.languages, { fr: 1, en: 1 });
    assert.equal(preview.sample.language, 'fr');
    assert.equal(preview.sample.recipientName, 'Alice Martin');
    assert.equal(preview.sample.subject, 'Informations pratiques');
    assert.match(preview.sample.text, /Bonjour Alice Martin,\n\nBonjour à toutes et à tous\.\n\nLa salle ouvre à 9 h\./);
    assert.doesNotMatch(preview.sample.text, new RegExp(aliceLink), 'the preview does not show a recipient’s own link');
    assert.equal(await outbox(t, alice.email, /Informations pratiques/), 0, 'a preview sends nothing');

    // A double click: the same key twice at once.
    const key = randomUUID();
    const [one, two] = await Promise.all([0, 1].map(() => t.http().post(`/api/events/${ev.id}/messages`).set(owner).send({ ...draft, idempotencyKey: key })));
    assert.equal(one.status, 201, JSON.stringify(one.body));
    assert.equal(two.status, 201, JSON.stringify(two.body));
    assert.equal(one.body.id, two.body.id);
    const french = await smtp.waitFor(alice.email, (m) => m.subject === 'Informations pratiques');
    assert.match(french.body, /La salle ouvre à 9 h\./);
    assert.equal(linkToken(french), aliceLink, 'the personal link in use, not a new one');
    const english = await smtp.waitFor(bob.email, (m) => m.subject === 'Practical information');
    assert.match(english.body, /The room opens at 9\./);
    assert.equal(await outbox(t, alice.email, /Informations pratiques/), 1);
    assert.equal(await outbox(t, bob.email, /Practical information/), 1);
    assert.equal(await outbox(t, carol.email, /Practical information/), 0, 'the waiting list is not among the registrants with a seat');
    // The key again, later (a retried request): still the one message.
    const again = (await t.http().post(`/api/events/${ev.id}/messages`).set(owner).send({ ...draft, idempotencyKey: key }).expect(201)).body;
    assert.equal(again.id, one.body.id);
    assert.equal(again.queuedCount, 2);

    const waitlist = { audience: 'waitlist', subject: { en: 'Still waiting' }, body: { en: 'A seat may free up.' } };
    assert.equal((await t.http().post(`/api/events/${ev.id}/messages/preview`).set(owner).send(waitlist).expect(200)).body.recipientCount, 1);
    await t.http().post(`/api/events/${ev.id}/messages`).set(owner).send({ ...waitlist, idempotencyKey: randomUUID() }).expect(201);
    await smtp.waitFor(carol.email, (m) => m.subject === 'Still waiting');
    assert.equal(await outbox(t, bob.email, /Still waiting/), 0);

    const students = { audience: 'category', category: 'student', subject: { en: 'For students' }, body: { en: 'A word for students.' } };
    const studentsPreview = (await t.http().post(`/api/events/${ev.id}/messages/preview`).set(owner).send(students).expect(200)).body;
    assert.equal(studentsPreview.recipientCount, 1, 'bob only: carol, a student too, has no seat');
    assert.equal(studentsPreview.sample.recipientName, 'Bob Smith');

    const list = (await t.http().get(`/api/events/${ev.id}/messages`).set(owner).expect(200)).body as Array<{ subject: { en?: string }; recipientCount: number; queuedCount: number; status: string }>;
    assert.deepEqual(
      list.map((m) => [m.subject.en, m.recipientCount, m.queuedCount, m.status]),
      [
        ['Still waiting', 1, 1, 'sent'],
        ['Practical information', 2, 2, 'sent'],
      ],
    );
  });

  it('a long list: the answer comes once the first batches are written, the rest follows, each person mailed once', async () => {
    const ev = await makeEvent(t, owner, { publish: true });
    const crowd = 1100; // more than the batches written while the request waits
    await t.app.get(DataSource).query(
      `INSERT INTO registration (event_id, email, name, language, privacy_consent_at, status, confirmed_at)
       SELECT $1, 'crowd-' || g || '-' || $2 || '@example.org', 'Person ' || g, CASE WHEN g % 2 = 0 THEN 'fr' ELSE 'en' END, now(), 'confirmed', now()
         FROM generate_series(1, $3::int) g`,
      [ev.id, ev.slug, crowd],
    );
    const draft = { audience: 'registered', subject: { fr: 'À tous', en: 'To everyone' }, body: { fr: 'Texte.', en: 'Text.' } };
    assert.equal((await t.http().post(`/api/events/${ev.id}/messages/preview`).set(owner).send(draft).expect(200)).body.recipientCount, crowd);
    const sent = (await t.http().post(`/api/events/${ev.id}/messages`).set(owner).send({ ...draft, idempotencyKey: randomUUID() }).expect(201)).body;
    assert.equal(sent.recipientCount, crowd);
    assert.ok(sent.queuedCount >= 1000 && sent.queuedCount <= crowd, String(sent.queuedCount));
    await until('every mail written', 30_000, async () => {
      const [m] = (await t.http().get(`/api/events/${ev.id}/messages`).set(owner).expect(200)).body as Array<{ queuedCount: number; status: string }>;
      return m.status === 'sent' && m.queuedCount === crowd;
    });
    const [written] = await t.app.get(DataSource).query(`SELECT count(*)::int AS n, count(DISTINCT to_address)::int AS people FROM outbox_mail WHERE event_id = $1 AND subject IN ('À tous', 'To everyone')`, [ev.id]);
    assert.deepEqual(written, { n: crowd, people: crowd });
  });

  it('refuses a category that is missing or not the event’s, and nobody to write to, field by field; another organiser sees nothing', async () => {
    const ev = await makeEvent(t, owner, { publish: true });
    const base = { subject: { en: 'Hello' }, body: { en: 'Text' } };
    const missing = (await t.http().post(`/api/events/${ev.id}/messages/preview`).set(owner).set('Accept-Language', 'fr').send({ ...base, audience: 'category' }).expect(422)).body;
    assert.deepEqual(missing.issues.map((i: { path: string[] }) => i.path), [['category']]);
    assert.equal(missing.fields.category, 'Choisissez la catégorie à qui écrire.');
    const unknown = (await t.http().post(`/api/events/${ev.id}/messages/preview`).set(owner).send({ ...base, audience: 'category', category: 'nope' }).expect(422)).body;
    assert.deepEqual(unknown.issues.map((i: { path: string[] }) => i.path), [['category']]);
    const nobody = (await t.http().post(`/api/events/${ev.id}/messages`).set(owner).send({ ...base, audience: 'registered', idempotencyKey: randomUUID() }).expect(422)).body;
    assert.deepEqual(nobody.issues.map((i: { path: string[] }) => i.path), [['audience']]);
    assert.equal((await t.app.get(DataSource).query(`SELECT count(*)::int AS n FROM organiser_message WHERE event_id = $1`, [ev.id]))[0].n, 0, 'nothing half-written');

    await ev.register('Dan Brown', 'en');
    await t.http().get(`/api/events/${ev.id}/messages`).set(stranger).expect(404);
    await t.http().post(`/api/events/${ev.id}/messages/preview`).set(stranger).send({ ...base, audience: 'registered' }).expect(404);
    await t.http().post(`/api/events/${ev.id}/messages`).set(stranger).send({ ...base, audience: 'registered', idempotencyKey: randomUUID() }).expect(404);
    await t.http().get(`/api/events/${ev.id}/reminder-settings`).set(stranger).expect(404);
    await t.http().put(`/api/events/${ev.id}/reminder-settings`).set(stranger).send({ beforeEvent: { enabled: false, hoursBefore: 24 }, beforeSession: { enabled: false, minutesBefore: 15 } }).expect(404);
  });
});

describe('reminders under a clock the test controls', () => {
  let t: TestApp;
  let smtp: MailCatcher;
  let owner: { auth: Auth; email: string; password: string };
  const secret = randomBytes(32).toString('hex');
  const env = () => ({ SMTP_URL: smtp.url, MAIL_POLL_MS: '50', MESSAGES_TICK_MS: '3600000', AUTH_SECRET: secret, RATE_LIMIT_LOGIN_PER_IP: '100000' });

  before(async () => {
    smtp = await startMailCatcher();
    t = await startTestApp(env());
    owner = await t.organiser();
  });
  after(async () => {
    await t.close();
    await smtp.close();
  });

  it('the day before: not early, once when due, never twice (two passes, a restart), not to someone who stopped them; before each session but the breaks; not late past the grace', async () => {
    const ev = await makeEvent(t, owner.auth, { publish: true });
    assert.deepEqual((await t.http().get(`/api/events/${ev.id}/reminder-settings`).set(owner.auth).expect(200)).body, {
      beforeEvent: { enabled: true, hoursBefore: 24 },
      beforeSession: { enabled: true, minutesBefore: 15 },
    });
    const alice = await ev.register('Alice Martin', 'fr');
    const dave = await ev.register('Dave Stop', 'en');
    const daveToken = linkToken(await smtp.waitFor(dave.email));
    const aliceToken = linkToken(await smtp.waitFor(alice.email));
    // Dave stops reminders from his personal space.
    const access = (await t.http().post('/api/access').send({ token: daveToken }).expect(200)).body as { accessToken: string };
    const daveAuth = { Authorization: `Bearer ${access.accessToken}` };
    assert.deepEqual((await t.http().get('/api/me/reminders').set(daveAuth).expect(200)).body, { reminders: true });
    assert.deepEqual((await t.http().put('/api/me/reminders').set(daveAuth).send({ reminders: false }).expect(200)).body, { reminders: false });
    assert.deepEqual((await t.http().get('/api/me/reminders').set(daveAuth).expect(200)).body, { reminders: false });

    // The first session is at 08:30Z on 12 March: the day-before reminder is due at 08:30Z on the 11th.
    setClock(t, '2030-03-11T08:29:00Z');
    assert.equal((await runDue(t)).reminders, 0, 'not before its time');
    setClock(t, '2030-03-11T08:31:00Z');
    assert.equal((await runDue(t)).reminders, 1, 'alice only: dave stopped them');
    const reminder = await smtp.waitFor(alice.email, (m) => /^Rappel/.test(m.subject));
    assert.match(reminder.body, /Journée d’étude commence le mardi 12 mars 2030, 09:30 \(Europe\/Paris\)\./);
    assert.equal(linkToken(reminder), aliceToken, 'her personal link, the one in use');
    assert.match(reminder.body, new RegExp(`/api/public/events/${ev.slug}/programme\\.ics\\?lang=fr`));
    assert.match(reminder.body, new RegExp(`/me\\?stop=reminders#${aliceToken}`), 'one click stops them');
    // The mail client's "unsubscribe" opens the same stop page: the token in the fragment, never in a URL a server sees.
    const unsubscribe = /^List-Unsubscribe: <([^>]+)>/m.exec(reminder.raw.replace(/\r?\n[ \t]+/g, ' '))![1]!;
    assert.equal(new URL(unsubscribe).pathname + new URL(unsubscribe).search, '/me?stop=reminders');
    assert.equal(new URL(unsubscribe).hash, `#${aliceToken}`);
    assert.doesNotMatch(reminder.raw, /List-Unsubscribe-Post/, 'no one-click POST: it would need a token in the URL');
    await t.http().post('/api/reminders/stop').query({ registration: alice.id, token: 'x'.repeat(43) }).expect(404);
    // What that page does: the personal link exchanged once, then the choice sent with the bearer.
    const aliceAccess = (await t.http().post('/api/access').send({ token: aliceToken }).expect(200)).body as { accessToken: string };
    assert.deepEqual((await t.http().put('/api/me/reminders').set({ Authorization: `Bearer ${aliceAccess.accessToken}` }).send({ reminders: false }).expect(200)).body, { reminders: false });
    assert.equal((await t.app.get(DataSource).query(`SELECT count(*)::int AS n FROM reminder_opt_out WHERE registration_id = $1`, [alice.id]))[0].n, 1);
    await t.app.get(DataSource).query(`DELETE FROM reminder_opt_out WHERE registration_id = $1`, [alice.id]); // she changes her mind (as from her space)
    assert.equal((await runDue(t)).reminders, 0, 'a second pass sends nothing');
    const [a, b] = await Promise.all([runDue(t), t.app.get(MessagesScheduler).runDue()]);
    assert.equal(a.reminders + b.reminders, 0);

    // A restart on the same database, same time: nothing again.
    const databaseUrl = t.databaseUrl;
    await t.close();
    t = await startTestApp(env(), databaseUrl);
    setClock(t, '2030-03-11T08:40:00Z');
    assert.equal((await runDue(t)).reminders, 0, 'after a restart');
    assert.equal(await outbox(t, alice.email, /^Rappel/), 1);
    assert.equal(await outbox(t, dave.email, /^Reminder/), 0);

    // 15 minutes before the morning plenary (08:30Z), not before the break.
    setClock(t, '2030-03-12T08:14:00Z');
    assert.equal((await runDue(t)).reminders, 0);
    setClock(t, '2030-03-12T08:16:00Z');
    assert.equal((await runDue(t)).reminders, 1);
    const soon = await smtp.waitFor(alice.email, (m) => /^Dans 15 minutes/.test(m.subject));
    assert.match(soon.body, /Morning plenary \(fr\) \(Journée d’étude\) commence le mardi 12 mars 2030, 09:30/);
    assert.equal((await runDue(t)).reminders, 0);
    // The afternoon plenary (12:00Z): its reminder was due at 11:45Z; a process back at 11:58Z does not send it late.
    setClock(t, '2030-03-12T11:58:00Z');
    assert.equal((await runDue(t)).reminders, 0, 'past the grace window');
    assert.equal(await outbox(t, alice.email, /Afternoon/), 0);
    assert.equal(await outbox(t, dave.email, /Morning/), 0);
    assert.equal(await outbox(t, alice.email, /Coffee/), 0);
  });

  it('an organiser turns a reminder off; another event’s settings are untouched', async () => {
    const ev = await makeEvent(t, owner.auth, { publish: true });
    const other = await makeEvent(t, owner.auth, { publish: true });
    await t.http().put(`/api/events/${ev.id}/reminder-settings`).set(owner.auth).send({ beforeEvent: { enabled: false, hoursBefore: 24 }, beforeSession: { enabled: true, minutesBefore: 30 } }).expect(200);
    assert.deepEqual((await t.http().get(`/api/events/${other.id}/reminder-settings`).set(owner.auth).expect(200)).body.beforeEvent, { enabled: true, hoursBefore: 24 });
    const bad = (await t.http().put(`/api/events/${ev.id}/reminder-settings`).set(owner.auth).send({ beforeEvent: { enabled: true, hoursBefore: 0 }, beforeSession: { enabled: true, minutesBefore: 30 } }).expect(422)).body;
    assert.deepEqual(bad.issues.map((i: { path: string[] }) => i.path), [['beforeEvent', 'hoursBefore']]);
    const erin = await ev.register('Erin Off', 'en');
    setClock(t, '2030-03-11T08:31:00Z');
    await runDue(t);
    assert.equal(await outbox(t, erin.email, /^Reminder/), 0, 'the day-before reminder is off');
    setClock(t, '2030-03-12T08:01:00Z'); // 29 minutes before
    await runDue(t);
    await smtp.waitFor(erin.email, (m) => /^In 30 minutes/.test(m.subject));
  });
});

describe('change notices', () => {
  let t: TestApp;
  let smtp: MailCatcher;
  let owner: Auth;

  before(async () => {
    smtp = await startMailCatcher();
    t = await startTestApp({ SMTP_URL: smtp.url, MAIL_POLL_MS: '50', MESSAGES_TICK_MS: '3600000', CHANGE_NOTICE_DELAY_SECONDS: '300', RATE_LIMIT_LOGIN_PER_IP: '100000' });
    owner = (await t.organiser()).auth;
  });
  after(async () => {
    await t.close();
    await smtp.close();
  });

  const move = (ev: Fixture, sessionId: string, startsAt: string, endsAt: string) =>
    t.http().patch(`/api/events/${ev.id}/sessions/${sessionId}`).set(owner).send({ startsAt, endsAt }).expect(200);
  const notices = (mails: CaughtMail[], to: string) => mails.filter((m) => m.to.includes(to) && /change|Changement|annulée|cancelled/.test(m.subject));

  it('several moves make one notice with the final time, to registrants and the chair; a move and back makes none; a deletion is announced; a draft says nothing', async () => {
    setClock(t, '2030-03-01T10:00:00Z');
    const ev = await makeEvent(t, owner, { publish: true });
    const erin = await ev.register('Erin Moved', 'en');
    const fanny = await ev.register('Fanny Déplacée', 'fr');
    await move(ev, ev.morningId, '2030-03-12T10:00', '2030-03-12T11:00');
    await move(ev, ev.morningId, '2030-03-12T10:15', '2030-03-12T11:00');
    // The afternoon moves, then comes back.
    await move(ev, ev.afternoonId, '2030-03-12T15:00', '2030-03-12T16:00');
    await move(ev, ev.afternoonId, '2030-03-12T13:00', '2030-03-12T14:00');
    assert.equal((await runDue(t)).notices, 0, 'edits still coming: not yet');

    setClock(t, '2030-03-01T10:05:01Z');
    assert.equal((await runDue(t)).notices, 3, 'erin, fanny and the chair, once each');
    const english = await smtp.waitFor(erin.email, (m) => /^Programme change/.test(m.subject));
    assert.match(english.subject, /Programme change: Morning plenary$/);
    assert.match(english.body, /It was planned on Tuesday 12 March 2030, 09:30 \(Europe\/Paris\)/);
    assert.match(english.body, /It now takes place on Tuesday 12 March 2030, 10:15 \(Europe\/Paris\)/);
    linkToken(english);
    const french = await smtp.waitFor(fanny.email, (m) => /^Changement de programme/.test(m.subject));
    assert.match(french.body, /Elle était prévue le mardi 12 mars 2030, 09:30 \(Europe\/Paris\)/);
    assert.match(french.body, /Elle a désormais lieu le mardi 12 mars 2030, 10:15/);
    const chair = await smtp.waitFor(ev.chairEmail, (m) => /^Changement de programme/.test(m.subject)); // the event's main language
    assert.match(chair.body, /l'équipe d'organisation de Journée d’étude vous a inscrit·e au programme/);
    assert.equal((await runDue(t)).notices, 0, 'never twice');
    assert.equal(await outbox(t, erin.email, /Afternoon/), 0, 'moved and put back: no notice');
    assert.equal(notices(smtp.mails, erin.email).length, 1);

    await t.http().delete(`/api/events/${ev.id}/sessions/${ev.afternoonId}`).set(owner).expect((r) => assert.ok(r.status < 300, String(r.status)));
    setClock(t, '2030-03-01T10:11:00Z');
    assert.equal((await runDue(t)).notices, 3);
    const cancelled = await smtp.waitFor(erin.email, (m) => /^Session cancelled/.test(m.subject));
    assert.match(cancelled.body, /Afternoon plenary, planned on Tuesday 12 March 2030, 13:00 \(Europe\/Paris\), .* is cancelled\./s);

    const draft = await makeEvent(t, owner, { publish: false });
    await move(draft, draft.morningId, '2030-03-12T10:00', '2030-03-12T11:00');
    assert.equal((await t.app.get(DataSource).query(`SELECT count(*)::int AS n FROM session_change WHERE event_id = $1`, [draft.id]))[0].n, 0);
  });
});
