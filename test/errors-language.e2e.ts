import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { io } from 'socket.io-client';
import { DataSource } from 'typeorm';
import { QA_NAMESPACE, errorTexts, type Ack, type ErrorBody } from '@amphi/contracts';
import { startTestApp, type TestApp } from './support/harness';

/**
 * Issue 12: every error says the same thing in French and English — the same code, details and
 * field issues — with `message` (and `fields`) in the request's language, and never English
 * in French: each French message is compared with the English catalogue.
 */

type Res = { status: number; body: ErrorBody & { details?: any }; headers: Record<string, string> };

/** Every English sentence of the catalogue, cut at its variables: none may appear in a French answer. */
const englishFragments = (() => {
  const all: string[] = [];
  const walk = (v: unknown) => {
    if (typeof v === 'string') all.push(...v.split(/\{\{[^}]+\}\}/).map((s) => s.trim()).filter((s) => s.length >= 12));
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(errorTexts.en);
  return all;
})();

function assertFrench(text: string): void {
  for (const fragment of englishFragments) assert.ok(!text.includes(fragment), `English in a French answer: “${fragment}” in “${text}”`);
}

/** The same request in both languages: identical but for message and fields, which are each in their language. */
async function bothLanguages(send: (lang: string) => Promise<Res>, status: number, code: string): Promise<{ en: Res; fr: Res }> {
  const en = await send('en-GB,en;q=0.9');
  const fr = await send('fr-FR,fr;q=0.9,en;q=0.5');
  for (const res of [en, fr]) {
    assert.equal(res.status, status, JSON.stringify(res.body));
    assert.equal(res.body.code, code);
  }
  assert.deepEqual(fr.body.details, en.body.details);
  assert.deepEqual(fr.body.issues, en.body.issues);
  assert.deepEqual(Object.keys(fr.body.fields ?? {}).sort(), Object.keys(en.body.fields ?? {}).sort());
  assert.notEqual(fr.body.message, en.body.message);
  assertFrench(fr.body.message);
  for (const text of Object.values(fr.body.fields ?? {})) assertFrench(text);
  return { en, fr };
}

describe('errors in the request’s language', () => {
  let t: TestApp;
  let owner: { Authorization: string };
  let event: { id: string; slug: string };
  let chair: string;
  before(async () => {
    t = await startTestApp({ RATE_LIMIT_LOGIN_PER_EMAIL: '2', RATE_LIMIT_LOGIN_PER_IP: '1000' });
    owner = (await t.organiser()).auth;
    event = (
      await t
        .http()
        .post('/api/events')
        .set(owner)
        .send({ slug: `errors-${Date.now().toString(36)}`, title: { fr: 'Journée', en: 'Day' }, mainLanguage: 'fr', timeZone: 'Europe/Paris', startDate: '2030-01-21', endDate: '2030-01-21', format: 'online' })
        .expect(201)
    ).body;
    chair = (await t.http().post(`/api/events/${event.id}/people`).set(owner).send({ name: 'Irène Chair' }).expect(201)).body.id;
    await t.http().post(`/api/events/${event.id}/publish`).set(owner).expect(200);
  });
  after(() => t.close());

  const session = (over: Record<string, unknown> = {}) => ({
    type: 'plenary',
    title: { fr: 'Plénière', en: 'Plenary' },
    startsAt: '2030-01-21T09:00',
    endsAt: '2030-01-21T10:00',
    chairs: [chair],
    ...over,
  });

  it('validation: the same issues at nested paths, each field’s text in its language and without the path', async () => {
    const bad = session({ talks: [{ title: { en: 'Fine' }, speakers: [], plannedMinutes: 10 }, { title: { en: 'x'.repeat(20000) }, speakers: [], plannedMinutes: 'ten' }], room: 'B' });
    const { en, fr } = await bothLanguages((lang) => t.http().post(`/api/events/${event.id}/sessions`).set(owner).set('Accept-Language', lang).send(bad), 422, 'VALIDATION_FAILED');
    assert.ok(en.body.issues!.some((i) => i.path.join('.') === 'talks.1.title.en' && i.code === 'too_long'), JSON.stringify(en.body.issues));
    assert.match(fr.body.fields!['talks.1.title.en'], /^Au plus \d+ caractères\.$/);
    assert.match(en.body.fields!['talks.1.title.en'], /^At most \d+ characters\.$/);
    assert.equal(fr.body.fields!.room, 'Ce champ n’est pas attendu.');
    for (const text of Object.values(fr.body.fields!)) assert.ok(!text.includes('talks.'), 'no raw path in a text');
  });

  it('a programme conflict: the same facts, a sentence in each language with times in the event’s zone', async () => {
    await t.http().post(`/api/events/${event.id}/sessions`).set(owner).send(session()).expect(201);
    const { en, fr } = await bothLanguages((lang) => t.http().post(`/api/events/${event.id}/sessions`).set(owner).set('Accept-Language', lang).send(session({ startsAt: '2030-01-21T09:30', endsAt: '2030-01-21T10:30' })), 409, 'PROGRAMME_CONFLICT');
    assert.deepEqual(en.body.details.conflicts.map((c: { kind: string }) => c.kind).sort(), ['person_overlap', 'stage_overlap']);
    assert.match(fr.body.message, /21 janvier 2030 à 09:30 \(Europe\/Paris\)/);
    assert.match(en.body.message, /21 January 2030 at 09:30 \(Europe\/Paris\)/);
    assert.ok(!/T09:30|Z\b/.test(fr.body.message), 'no ISO time for people');
  });

  it('closed registration and a registration not open yet', async () => {
    await t.http().patch(`/api/events/${event.id}`).set(owner).send({ registration: { open: true, opensAt: '2029-06-01T09:00:00+02:00', closesAt: null } }).expect(200);
    const register = (lang: string) => t.http().post(`/api/public/events/${event.slug}/registrations`).set('Accept-Language', lang).send({ name: 'Ada', email: 'ada@example.org', language: 'fr', privacyConsent: true });
    // 2029-06-01 has passed only if the clock says so: the test runs before 2029.
    const notYet = await bothLanguages(register, 409, 'REGISTRATION_NOT_OPEN');
    assert.deepEqual(notYet.fr.body.details, { opensAt: '2029-06-01T09:00:00+02:00', timeZone: 'Europe/Paris' });
    assert.equal(notYet.fr.body.message, 'Les inscriptions ouvrent le 1 juin 2029 à 09:00 (Europe/Paris).');
    await t.http().patch(`/api/events/${event.id}`).set(owner).send({ registration: { open: false, opensAt: null } }).expect(200);
    const closed = await bothLanguages(register, 409, 'REGISTRATION_CLOSED');
    assert.equal(closed.fr.body.message, errorTexts.fr.code.REGISTRATION_CLOSED);
  });

  it('not found, malformed JSON and an unknown endpoint', async () => {
    const missing = await bothLanguages((lang) => t.http().get(`/api/events/${randomUUID()}`).set(owner).set('Accept-Language', lang), 404, 'NOT_FOUND');
    assert.deepEqual(missing.en.body.details, { resource: 'event' });
    await bothLanguages((lang) => t.http().post('/api/auth/login').set('Accept-Language', lang).set('Content-Type', 'application/json').send('{oops'), 400, 'MALFORMED_JSON');
    const unknown = await bothLanguages((lang) => t.http().get('/api/nothing-here').set('Accept-Language', lang), 404, 'UNKNOWN_ENDPOINT');
    assert.deepEqual(unknown.fr.body.details, { method: 'GET', path: '/api/nothing-here' });
    // ?lang= wins over the header; a language we do not have falls back to English.
    const forced = await t.http().get('/api/nothing-here?lang=fr').set('Accept-Language', 'en');
    assert.equal(forced.body.message, unknown.fr.body.message);
    const german = await t.http().get('/api/nothing-here').set('Accept-Language', 'de-DE');
    assert.equal(german.body.message, unknown.en.body.message);
  });

  it('the rate limit says how long to wait, in the header and in the details', async () => {
    const email = 'limited@example.org';
    for (let i = 0; i < 2; i++) await t.http().post('/api/auth/login').send({ email, password: 'wrong password' }).expect(401);
    const { en, fr } = await bothLanguages((lang) => t.http().post('/api/auth/login').set('Accept-Language', lang).send({ email, password: 'wrong password' }), 429, 'RATE_LIMITED');
    const seconds = en.body.details.retryAfterSeconds;
    assert.ok(Number.isInteger(seconds) && seconds > 0);
    assert.equal(Number(en.headers['retry-after']), seconds);
    assert.ok(Math.abs(fr.body.details.retryAfterSeconds - seconds) <= 1);
    // The wait in words, rounded up: "dans 15 minutes", never "900 secondes".
    assert.match(fr.body.message, /^Trop de tentatives : veuillez réessayer dans \d+ (secondes?|minutes?|heures?)\.$/);
  });

  it('a refused login and the resend-link answer, in each language', async () => {
    const login = await bothLanguages((lang) => t.http().post('/api/auth/login').set('Accept-Language', lang).send({ email: 'nobody@example.org', password: 'wrong password' }), 401, 'LOGIN_FAILED');
    assert.equal(login.fr.body.message, 'Adresse électronique ou mot de passe incorrect.');
    await t.http().patch(`/api/events/${event.id}`).set(owner).send({ registration: { open: true } }).expect(200);
    const fr = await t.http().post(`/api/public/events/${event.slug}/registrations/resend-link`).set('Accept-Language', 'fr').send({ email: 'someone@example.org' }).expect(202);
    assert.equal(fr.body.message, errorTexts.fr.answer.resend_link);
  });

  it('socket acks in the socket’s language (handshake Accept-Language or auth.language)', async () => {
    const { accessToken: token } = (await t.http().post('/api/auth/login').send({ email: (await t.organiser('socket@example.org', 'socket password 1')).email, password: 'socket password 1' }).expect(200)).body;
    const ack = async (options: { auth: Record<string, unknown>; headers?: Record<string, string> }) => {
      const socket = io(`${t.baseUrl}${QA_NAMESPACE}`, { transports: ['websocket'], auth: { token, ...options.auth }, extraHeaders: options.headers, reconnection: false });
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve());
        socket.once('connect_error', reject);
      });
      const reply = await new Promise<Ack<unknown>>((resolve) => (socket.emit as (...a: unknown[]) => void)('session:join', { sessionId: randomUUID() }, resolve));
      socket.close();
      assert.equal(reply.ok, false);
      return (reply as { ok: false; error: ErrorBody }).error;
    };
    const fr = await ack({ auth: { language: 'fr' } });
    const frHeader = await ack({ auth: {}, headers: { 'Accept-Language': 'fr-CA' } });
    const en = await ack({ auth: {} });
    assert.deepEqual([fr.code, fr.details], [en.code, en.details]);
    assert.equal(fr.message, frHeader.message);
    assert.notEqual(fr.message, en.message);
    assertFrench(fr.message);
  });

  it('a failure of the server’s own: 5xx with the request id (body, header), said in each language', async () => {
    // Cut the database off for real: every query from now on fails inside the server.
    await t.app.get(DataSource).destroy();
    const en = await t.http().get('/api/events').set(owner).set('Accept-Language', 'en');
    const fr = await t.http().get('/api/events').set(owner).set('Accept-Language', 'fr').set('X-Request-Id', 'trace-1234567890');
    for (const res of [en, fr]) {
      assert.ok(res.status >= 500, `${res.status} ${JSON.stringify(res.body)}`);
      assert.ok(['INTERNAL', 'UNAVAILABLE'].includes(res.body.code), res.body.code);
      assert.equal(typeof res.body.requestId, 'string');
      assert.equal(res.headers['x-request-id'], res.body.requestId);
    }
    assert.equal(fr.body.requestId, 'trace-1234567890', 'a sane incoming id is kept');
    assert.notEqual(fr.body.message, en.body.message);
    assertFrench(fr.body.message);
  });
});
