import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DataSource } from 'typeorm';
import { startTestApp, type TestApp } from './support/harness';
import { linkToken, startMailCatcher, type MailCatcher } from './support/mail-catcher';
import { RetentionService } from '../apps/api/src/registrations/retention.service';

type Auth = { Authorization: string };

describe('registration and personal access', () => {
  let t: TestApp;
  let smtp: MailCatcher;
  let owner: Auth;

  before(async () => {
    smtp = await startMailCatcher();
    t = await startTestApp({
      SMTP_URL: smtp.url,
      MAIL_POLL_MS: '50',
      LINK_RESEND_INTERVAL_SECONDS: '0',
      RATE_LIMIT_REGISTRATION_PER_IP: '100000',
      RATE_LIMIT_REGISTRATION_PER_EMAIL: '100',
      RATE_LIMIT_LOGIN_PER_IP: '100000',
    });
    owner = (await t.organiser()).auth;
  });
  after(async () => {
    await t.close();
    await smtp.close();
  });

  let slugCounter = 0;
  /** A published event with registration open, one chaired session and a second one. */
  async function openEvent(settings: Record<string, unknown> = {}) {
    const slug = `study-day-${++slugCounter}-${Date.now().toString(36)}`;
    const event = (
      await t
        .http()
        .post('/api/events')
        .set(owner)
        .send({ slug, title: { fr: 'Journée d’étude', en: 'Study day' }, mainLanguage: 'fr', timeZone: 'Europe/Paris', startDate: '2030-01-21', endDate: '2030-01-21', format: 'online' })
        .expect(201)
    ).body;
    const person = async (name: string, email?: string) =>
      (await t.http().post(`/api/events/${event.id}/people`).set(owner).send({ name, ...(email ? { email } : {}) }).expect(201)).body;
    const chair = await person('Eve Gardien', `chair-${slug}@example.org`);
    const speaker = await person('Lise Demailly', `speaker-${slug}@example.org`);
    const otherChair = await person('Robert Dingwall');
    const session = async (title: string, start: string, end: string, chairId: string, speakers: string[] = []) =>
      (
        await t
          .http()
          .post(`/api/events/${event.id}/sessions`)
          .set(owner)
          .send({ type: 'plenary', title: { en: title }, startsAt: start, endsAt: end, chairs: [chairId], talks: speakers.length ? [{ title: { en: 'Talk' }, speakers, plannedMinutes: 30 }] : [] })
          .expect(201)
      ).body;
    const morning = await session('Morning plenary', '2030-01-21T09:30', '2030-01-21T11:00', chair.id, [speaker.id]);
    const afternoon = await session('Afternoon plenary', '2030-01-21T14:00', '2030-01-21T15:30', otherChair.id);
    await t
      .http()
      .patch(`/api/events/${event.id}`)
      .set(owner)
      .send({ registration: { open: true, categories: [{ key: 'researcher', label: { en: 'Researcher', fr: 'Chercheur' } }, { key: 'peer', label: { en: 'Peer supporter' } }], ...settings } })
      .expect(200);
    await t.http().post(`/api/events/${event.id}/publish`).set(owner).expect(200);
    return { id: event.id as string, slug, chair, speaker, morning, afternoon };
  }

  const register = (slug: string, body: Record<string, unknown>) => t.http().post(`/api/public/events/${slug}/registrations`).send(body);
  const person = (email: string, extra: Record<string, unknown> = {}) => ({ name: 'Camille Martin', email, language: 'en', privacyConsent: true, ...extra });
  const exchange = async (token: string): Promise<Auth> => ({ Authorization: `Bearer ${(await t.http().post('/api/access').send({ token }).expect(200)).body.accessToken}` });

  it('register → e-mail over SMTP with the personal link → access token → cancel → the waiting list is promoted and told', async () => {
    const ev = await openEvent({ capacity: 1 });
    const first = await register(ev.slug, person('ada@example.org', { language: 'fr', category: 'researcher' })).expect(200);
    assert.equal(first.body.status, 'confirmed');
    assert.equal(JSON.stringify(first.body).includes('/me#'), false, 'the link goes by e-mail only');
    const second = await register(ev.slug, person('ben@example.org')).expect(200);
    assert.deepEqual([second.body.status, second.body.waitlistPosition], ['waitlisted', 1]);

    const confirmation = await smtp.waitFor('ada@example.org');
    assert.match(confirmation.body, /Journée d’étude/, 'in the registrant’s language, with the event title');
    const ada = await exchange(linkToken(confirmation));
    const space = (await t.http().get('/api/me').set(ada).expect(200)).body;
    assert.equal(space.registration.status, 'confirmed');
    assert.equal(space.event.slug, ev.slug);
    assert.deepEqual(space.sessions.map((s: { role: string }) => s.role), ['attendee', 'attendee']);
    const benMail = await smtp.waitFor('ben@example.org');
    assert.match(benMail.subject + benMail.body, /wait/i);

    const cancelled = await t.http().post('/api/me/registration/cancel').set(ada).expect(200);
    assert.equal(cancelled.body.status, 'cancelled');
    await t.http().get('/api/me').set(ada).expect(401, /cancelled/);
    await t.http().post('/api/access').send({ token: linkToken(confirmation) }).expect(401, /cancelled/);

    const promoted = await smtp.waitFor('ben@example.org', (m) => m !== benMail);
    const ben = await exchange(linkToken(promoted));
    assert.equal((await t.http().get('/api/me').set(ben).expect(200)).body.registration.status, 'confirmed');
    const counts = (await t.http().get(`/api/events/${ev.id}/registrations`).set(owner).expect(200)).body.counts;
    assert.deepEqual(counts, { confirmed: 1, waitlisted: 0, cancelled: 1, capacity: 1, seatsLeft: 0 });
  });

  it('300 simultaneous registrations for 20 seats: exactly 20 confirmed, 280 waitlisted in order, no error, no duplicate', async () => {
    const ev = await openEvent({ capacity: 20 });
    const responses = await Promise.all(Array.from({ length: 300 }, (_, i) => register(ev.slug, person(`crowd-${i}@example.org`))));
    assert.deepEqual([...new Set(responses.map((r) => r.status))], [200], 'no error');
    const confirmed = responses.filter((r) => r.body.status === 'confirmed').length;
    const waitlisted = responses.filter((r) => r.body.status === 'waitlisted');
    assert.equal(confirmed, 20);
    assert.equal(waitlisted.length, 280);
    const list = (await t.http().get(`/api/events/${ev.id}/registrations`).set(owner).expect(200)).body;
    assert.deepEqual([list.counts.confirmed, list.counts.waitlisted], [20, 280]);
    const positions = list.registrations.filter((r: { status: string }) => r.status === 'waitlisted').map((r: { waitlistPosition: number }) => r.waitlistPosition);
    assert.deepEqual(positions, Array.from({ length: 280 }, (_, i) => i + 1), 'the waiting list is in arrival order');
    assert.equal(new Set(list.registrations.map((r: { email: string }) => r.email)).size, 300);
  });

  it('registering again with the same e-mail answers the existing registration and sends a fresh link; the old one stops working', async () => {
    const ev = await openEvent();
    await register(ev.slug, person('dup@example.org')).expect(200);
    const firstMail = await smtp.waitFor('dup@example.org');
    const again = await register(ev.slug, person('DUP@example.org', { name: 'Someone else' })).expect(200);
    assert.equal(again.body.status, 'confirmed');
    assert.match(again.body.message, /already registered/);
    const secondMail = await smtp.waitFor('dup@example.org', (m) => m !== firstMail);
    await t.http().post('/api/access').send({ token: linkToken(firstMail) }).expect(401, /replaced by a newer one/);
    const me = await exchange(linkToken(secondMail));
    assert.equal((await t.http().get('/api/me').set(me).expect(200)).body.registration.name, 'Camille Martin', 'the second request changed nothing');
    const list = (await t.http().get(`/api/events/${ev.id}/registrations?q=dup`).set(owner).expect(200)).body;
    assert.equal(list.registrations.length, 1);
  });

  it('refuses bad input field by field, closed registration with its date, unknown events and forged links', async () => {
    const ev = await openEvent();
    const bad = await register(ev.slug, { name: '', email: 'not-an-email', language: 'de', privacyConsent: false, extra: 1 }).expect(422);
    assert.deepEqual(Object.keys(bad.body.fields).sort(), ['email', 'extra', 'language', 'name', 'privacyConsent']);
    const missing = await register(ev.slug, { name: 'A', email: 'a@example.org', language: 'en' }).expect(422);
    assert.ok(missing.body.fields.privacyConsent);
    const category = await register(ev.slug, person('cat@example.org', { category: 'astronaut' })).expect(422);
    assert.deepEqual(category.body.issues.find((i: { path: string[] }) => i.path[0] === 'category')?.params?.options, ['researcher', 'peer']);
    await register('no-such-event', person('x@example.org')).expect(404);

    await t.http().patch(`/api/events/${ev.id}`).set(owner).send({ registration: { opensAt: '2099-01-01T09:00:00+01:00' } }).expect(200);
    const notYet = await register(ev.slug, person('early@example.org')).expect(409);
    assert.equal(notYet.body.code, 'REGISTRATION_NOT_OPEN');
    assert.equal(notYet.body.details.opensAt, '2099-01-01T09:00:00+01:00');
    assert.match(notYet.body.message, /opens on 1 January 2099 at 09:00 \(Europe\/Paris\)/);
    await t.http().patch(`/api/events/${ev.id}`).set(owner).send({ registration: { opensAt: null, closesAt: '2020-01-01T00:00:00Z' } }).expect(200);
    const late = await register(ev.slug, person('late@example.org')).expect(409);
    assert.equal(late.body.code, 'REGISTRATION_CLOSED');
    assert.equal(late.body.details.closedAt, '2020-01-01T01:00:00+01:00');
    await t.http().patch(`/api/events/${ev.id}`).set(owner).send({ registration: { open: false, closesAt: null } }).expect(200);
    assert.match((await register(ev.slug, person('closed@example.org')).expect(409)).body.message, /closed/);

    await t.http().post('/api/access').send({ token: 'A'.repeat(43) }).expect(401, /not valid/);
    await t.http().get('/api/me').set({ Authorization: 'Bearer forged.token.here' }).expect(401);
    await t.http().get('/api/me').expect(401);
  });

  it('a link for event A opens nothing of event B, and a chair’s link gives nothing in another session', async () => {
    const a = await openEvent();
    const b = await openEvent();
    await register(a.slug, person('scoped@example.org')).expect(200);
    const attendee = await exchange(linkToken(await smtp.waitFor('scoped@example.org', (m) => m.body.includes(a.slug) || true)));
    assert.equal((await t.http().get(`/api/me/sessions/${a.morning.id}`).set(attendee).expect(200)).body.role, 'attendee');
    await t.http().get(`/api/me/sessions/${b.morning.id}`).set(attendee).expect(404);
    await t.http().get(`/api/events/${b.id}/registrations`).set(attendee).expect(403);
    await t.http().get(`/api/events/${a.id}/registrations`).set(attendee).expect(403);

    const invited = (await t.http().post(`/api/events/${a.id}/invitations`).set(owner).send({}).expect(200)).body;
    assert.deepEqual(invited.invited.map((i: { name: string }) => i.name).sort(), ['Eve Gardien', 'Lise Demailly']);
    assert.deepEqual(invited.skipped.map((s: { name: string; reason: string }) => [s.name, s.reason]), [['Robert Dingwall', 'no_email']]);
    const chair = await exchange(linkToken(await smtp.waitFor(a.chair.email)));
    assert.equal((await t.http().get(`/api/me/sessions/${a.morning.id}`).set(chair).expect(200)).body.role, 'chair');
    const refused = await t.http().get(`/api/me/sessions/${a.afternoon.id}`).set(chair).expect(403);
    assert.match(refused.body.message, /no role in this session/);
    await t.http().get(`/api/me/sessions/${b.morning.id}`).set(chair).expect(404);
    const speaker = await exchange(linkToken(await smtp.waitFor(a.speaker.email)));
    assert.equal((await t.http().get(`/api/me/sessions/${a.morning.id}`).set(speaker).expect(200)).body.role, 'speaker');
    const space = (await t.http().get('/api/me').set(chair).expect(200)).body;
    assert.equal(space.person.name, 'Eve Gardien');
    assert.equal(space.registration, null);
  });

  it('a person sees and erases their data; the seat goes to the waiting list; the link stops working', async () => {
    const ev = await openEvent({ capacity: 1, attendeeListPublic: true });
    await register(ev.slug, person('erase@example.org', { name: 'Zoé Erase', listConsent: true, affiliation: 'Rennes 2' })).expect(200);
    await register(ev.slug, person('next@example.org', { name: 'Noor Next', listConsent: true })).expect(200);
    await register(ev.slug, person('hidden@example.org', { name: 'Hidden Person', listConsent: false })).expect(200);
    const me = await exchange(linkToken(await smtp.waitFor('erase@example.org')));
    const data = (await t.http().get('/api/me/data').set(me).expect(200)).body;
    assert.equal(data.registration.email, 'erase@example.org');
    assert.ok(data.registration.privacyConsentAt);
    assert.deepEqual((await t.http().get(`/api/public/events/${ev.slug}/attendees`).expect(200)).body, [{ name: 'Zoé Erase', affiliation: 'Rennes 2' }]);

    await t.http().delete('/api/me/data').set(me).expect(204);
    await t.http().get('/api/me').set(me).expect(401, /erased/);
    const list = (await t.http().get(`/api/events/${ev.id}/registrations`).set(owner).expect(200)).body;
    assert.equal(list.registrations.some((r: { email: string; name: string }) => r.email === 'erase@example.org' || r.name === 'Zoé Erase'), false);
    assert.equal(list.registrations.find((r: { email: string }) => r.email === 'next@example.org').status, 'confirmed');
    assert.deepEqual((await t.http().get(`/api/public/events/${ev.slug}/attendees`).expect(200)).body, [{ name: 'Noor Next', affiliation: null }]);
    const db = t.app.get(DataSource);
    const [{ count }] = await db.query(`SELECT count(*)::int AS count FROM outbox_mail WHERE to_address = 'erase@example.org'`);
    assert.equal(count, 0, 'no mail to the erased address stays in the outbox');
  });

  it('organisers list, search, filter and export registrations as CSV, add and remove someone', async () => {
    const ev = await openEvent({ capacity: 2 });
    await register(ev.slug, person('r1@example.org', { name: 'Alice Researcher', category: 'researcher' })).expect(200);
    await register(ev.slug, person('p1@example.org', { name: '=HYPERLINK("x")', category: 'peer' })).expect(200);
    const added = await t.http().post(`/api/events/${ev.id}/registrations`).set(owner).send(person('vip@example.org', { name: 'Vip Guest', overrideCapacity: true })).expect(201);
    assert.equal(added.body.status, 'confirmed', 'an organiser may add past capacity');
    const researchers = (await t.http().get(`/api/events/${ev.id}/registrations?category=researcher`).set(owner).expect(200)).body;
    assert.deepEqual(researchers.registrations.map((r: { name: string }) => r.name), ['Alice Researcher']);
    await t.http().get(`/api/events/${ev.id}/registrations?status=unknown`).set(owner).expect(422);
    const csv = await t.http().get(`/api/events/${ev.id}/registrations.csv`).set(owner).expect(200);
    assert.match(csv.headers['content-type'], /text\/csv/);
    const lines = csv.text.replace(/^\ufeff/, '').trim().split('\n');
    assert.equal(lines[0], 'name,email,affiliation,category,language,status,waitlistPosition,listConsent,registeredAt,confirmedAt,cancelledAt');
    assert.equal(lines.length, 4);
    assert.ok(lines.some((l) => l.startsWith(`"'=HYPERLINK`)), 'formulas are neutralised');
    const removed = await t.http().delete(`/api/events/${ev.id}/registrations/${added.body.id}`).set(owner).expect(200);
    assert.equal(removed.body.status, 'cancelled');
    const other = await t.organiser();
    await t.http().get(`/api/events/${ev.id}/registrations`).set(other.auth).expect(404);
  });

  it('rate-limits registration per e-mail with 429 and Retry-After', async () => {
    const limited = await startTestApp({ RATE_LIMIT_REGISTRATION_PER_EMAIL: '2', RATE_LIMIT_REGISTRATION_PER_IP: '1000', MAILBOX_DIR: '/tmp/amphi-test-mailbox' });
    try {
      const o = await limited.organiser();
      const ev = (
        await limited.http().post('/api/events').set(o.auth).send({ slug: 'limited-day', title: { en: 'Limited' }, mainLanguage: 'en', timeZone: 'UTC', startDate: '2030-05-01', endDate: '2030-05-01', format: 'online' }).expect(201)
      ).body;
      await limited.http().patch(`/api/events/${ev.id}`).set(o.auth).send({ registration: { open: true } }).expect(200);
      await limited.http().post(`/api/events/${ev.id}/publish`).set(o.auth).expect(200);
      for (let i = 0; i < 2; i++) await limited.http().post('/api/public/events/limited-day/registrations').send(person('spam@example.org')).expect(200);
      const refused = await limited.http().post('/api/public/events/limited-day/registrations').send(person('spam@example.org')).expect(429);
      assert.ok(Number(refused.headers['retry-after']) > 0);
      await limited.http().post('/api/public/events/limited-day/registrations').send(person('other@example.org')).expect(200);
    } finally {
      await limited.close();
    }
  });

  it('erases personal data once the retention period after the event is over', async () => {
    const slug = `past-day-${Date.now().toString(36)}`;
    const ev = (
      await t.http().post('/api/events').set(owner).send({ slug, title: { en: 'Past' }, mainLanguage: 'en', timeZone: 'Europe/Paris', startDate: '2031-03-01', endDate: '2031-03-01', format: 'online' }).expect(201)
    ).body;
    await t.http().patch(`/api/events/${ev.id}`).set(owner).send({ registration: { open: true, retentionDays: 30 } }).expect(200);
    await t.http().post(`/api/events/${ev.id}/publish`).set(owner).expect(200);
    await register(slug, person('old@example.org')).expect(200);
    const link = linkToken(await smtp.waitFor('old@example.org'));
    const retention = t.app.get(RetentionService);
    await retention.sweep(new Date('2031-03-31T12:00:00Z'));
    assert.equal((await t.http().get(`/api/events/${ev.id}/registrations`).set(owner).expect(200)).body.registrations[0].email, 'old@example.org', 'not before the end of the period');
    await retention.sweep(new Date('2031-04-01T00:00:00Z'));
    const after = (await t.http().get(`/api/events/${ev.id}/registrations`).set(owner).expect(200)).body;
    assert.equal(after.registrations[0].name, 'Erased');
    assert.match(after.registrations[0].email, /@invalid$/);
    await t.http().post('/api/access').send({ token: link }).expect(401);
  });
});

describe('re-sending a personal link', () => {
  let t: TestApp;
  let smtp: MailCatcher;
  before(async () => {
    smtp = await startMailCatcher();
    t = await startTestApp({ SMTP_URL: smtp.url, MAIL_POLL_MS: '50', LINK_RESEND_INTERVAL_SECONDS: '3600' });
  });
  after(async () => {
    await t.close();
    await smtp.close();
  });

  it('answers the same whether or not the e-mail is registered, and does not flood an inbox', async () => {
    const o = await t.organiser();
    const ev = (
      await t.http().post('/api/events').set(o.auth).send({ slug: 'resend-day', title: { en: 'Resend' }, mainLanguage: 'en', timeZone: 'UTC', startDate: '2030-05-01', endDate: '2030-05-01', format: 'online' }).expect(201)
    ).body;
    await t.http().patch(`/api/events/${ev.id}`).set(o.auth).send({ registration: { open: true } }).expect(200);
    await t.http().patch(`/api/events/${ev.id}`).set(o.auth).send({ registration: { opensAt: '2030-01-02T00:00:00Z', closesAt: '2030-01-01T00:00:00Z' } }).expect(422);
    await t.http().post(`/api/events/${ev.id}/publish`).set(o.auth).expect(200);
    await t.http().post('/api/public/events/resend-day/registrations').send({ name: 'Ines', email: 'ines@example.org', language: 'en', privacyConsent: true }).expect(200);
    await smtp.waitFor('ines@example.org');
    const known = await t.http().post('/api/public/events/resend-day/registrations/resend-link').send({ email: 'ines@example.org' }).expect(202);
    const unknown = await t.http().post('/api/public/events/resend-day/registrations/resend-link').send({ email: 'nobody@example.org' }).expect(202);
    assert.deepEqual(known.body, unknown.body, 'nobody learns who is registered');
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(smtp.mails.filter((m) => m.to.includes('ines@example.org')).length, 1, 'a link sent moments ago is not sent again');
    assert.equal(smtp.mails.filter((m) => m.to.includes('nobody@example.org')).length, 0);
  });
});

describe('registration after the event', () => {
  it('is closed once the event is over, even without a closing date', async () => {
    const t = await startTestApp();
    try {
      const o = await t.organiser();
      const ev = (
        await t.http().post('/api/events').set(o.auth).send({ slug: 'past-study-day', title: { en: 'Past' }, mainLanguage: 'en', timeZone: 'Europe/Paris', startDate: '2022-01-21', endDate: '2022-01-21', format: 'online' }).expect(201)
      ).body;
      await t.http().patch(`/api/events/${ev.id}`).set(o.auth).send({ registration: { open: true } }).expect(200);
      await t.http().post(`/api/events/${ev.id}/publish`).set(o.auth).expect(200);
      const refused = await t.http().post('/api/public/events/past-study-day/registrations').send({ name: 'Late', email: 'late@example.org', language: 'en', privacyConsent: true }).expect(409);
      assert.equal(refused.body.details.closedAt, '2022-01-22T00:00:00+01:00');
    } finally {
      await t.close();
    }
  });
});
