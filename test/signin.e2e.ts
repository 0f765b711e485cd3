import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DataSource } from 'typeorm';
import { randomUUID } from 'node:crypto';
import { io } from 'socket.io-client';
import { QA_NAMESPACE, type ErrorBody } from '@amphi/contracts';
import { startTestApp, type TestApp } from './support/harness';

/**
 * Issue 13, "sign in and stay in": the organiser's browser sign-in is an httpOnly SameSite=Lax cookie
 * backed by a server-side session row; state-changing requests made with it need the X-Amphi-CSRF
 * header (and an allowed Origin); signing out ends every sign-in of the organiser; only failed logins
 * count towards the login limit, whose 429 says how long to wait. The bearer token keeps working.
 */

const CSRF = { 'X-Amphi-CSRF': '1' };
const eventInput = () => ({
  slug: `signin-${randomUUID().slice(0, 8)}`,
  title: { fr: 'Journée', en: 'Day' },
  mainLanguage: 'fr',
  timeZone: 'Europe/Paris',
  startDate: '2030-01-21',
  endDate: '2030-01-21',
  format: 'online',
});

/** The `name=value` part of the sign-in cookie the answer sets, and its attributes. */
function signInCookie(headers: Record<string, unknown>): { pair: string; attributes: string } | null {
  const raw = (headers['set-cookie'] as string[] | undefined) ?? [];
  const line = raw.find((c) => /^(__Host-)?amphi-organiser=/.test(c));
  if (!line) return null;
  const [pair, ...attributes] = line.split(';').map((s) => s.trim());
  return { pair: pair!, attributes: attributes.join('; ') };
}

describe('organiser sign-in cookie (issue 13)', () => {
  let t: TestApp;
  let organiser: { id: string; email: string; password: string };
  before(async () => {
    t = await startTestApp({ RATE_LIMIT_LOGIN_PER_EMAIL: '3', RATE_LIMIT_LOGIN_PER_IP: '1000' });
    organiser = await t.organiser('signin@example.org', 'a long enough password');
  });
  after(() => t.close());

  const signIn = async () => {
    const res = await t.http().post('/api/auth/login').set(CSRF).send({ email: organiser.email, password: organiser.password }).expect(200);
    const cookie = signInCookie(res.headers);
    assert.ok(cookie, 'the app’s login sets the sign-in cookie');
    return { cookie: cookie.pair, attributes: cookie.attributes, bearer: res.body.accessToken as string };
  };

  it('sets an httpOnly, SameSite=Lax cookie (not Secure on http://127.0.0.1) for the app, and none for an API client', async () => {
    const { attributes, bearer } = await signIn();
    assert.match(attributes, /HttpOnly/i);
    assert.match(attributes, /SameSite=Lax/i);
    assert.match(attributes, /Path=\//);
    assert.doesNotMatch(attributes, /Secure/i);
    assert.ok(bearer, 'the bearer token is still in the answer');
    const api = await t.http().post('/api/auth/login').send({ email: organiser.email, password: organiser.password }).expect(200);
    assert.equal(signInCookie(api.headers), null, 'curl gets a bearer token, no cookie');
  });

  it('reads with the cookie alone; writes need the X-Amphi-CSRF header and an allowed Origin (403 CSRF_REJECTED)', async () => {
    const { cookie } = await signIn();
    const me = await t.http().get('/api/auth/me').set('Cookie', cookie).expect(200);
    assert.equal(me.body.email, organiser.email);

    const forged = await t.http().post('/api/events').set('Cookie', cookie).send(eventInput()).expect(403);
    assert.equal((forged.body as ErrorBody).code, 'CSRF_REJECTED');
    assert.deepEqual(forged.body.details, { reason: 'header_missing' });
    const otherSite = await t.http().post('/api/events').set('Cookie', cookie).set(CSRF).set('Origin', 'https://evil.example').send(eventInput()).expect(403);
    assert.deepEqual(otherSite.body.details, { reason: 'origin_not_allowed' });
    assert.equal((await t.http().get('/api/events').set('Cookie', cookie).expect(200)).body.length, 0, 'nothing was created by the refused requests');

    await t.http().post('/api/events').set('Cookie', cookie).set(CSRF).send(eventInput()).expect(201);
    await t.http().post('/api/events').set('Cookie', cookie).set(CSRF).set('Origin', t.baseUrl).send(eventInput()).expect(201);
  });

  it('the live room’s endpoints and the Q&A socket accept the cookie', async () => {
    const { cookie } = await signIn();
    // Past the guard: the policy answers about the (unknown) session, not about who is asking.
    const live = await t.http().get(`/api/sessions/${randomUUID()}/live`).set('Cookie', cookie);
    assert.equal(live.status, 404, JSON.stringify(live.body));
    const minted = await t.http().post('/api/auth/access-token').set('Cookie', cookie).set(CSRF).expect(200);
    await t.http().get('/api/auth/me').set('Authorization', `Bearer ${minted.body.accessToken}`).expect(200);

    const socket = io(`${t.baseUrl}${QA_NAMESPACE}`, { transports: ['websocket'], extraHeaders: { Cookie: cookie }, reconnection: false });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    socket.close();
  });

  it('signing out ends the sign-in in every tab and browser, the live room’s bearer included', async () => {
    const first = await signIn();
    const tab = first.cookie; // another tab: the same cookie jar
    const otherBrowser = (await signIn()).cookie;
    await t.http().get('/api/auth/me').set('Cookie', tab).expect(200);
    // The live room in another tab holds a bearer minted from this sign-in.
    const liveRoomBearer = (await t.http().post('/api/auth/access-token').set('Cookie', tab).set(CSRF).expect(200)).body.accessToken as string;
    await t.http().get('/api/auth/me').set('Authorization', `Bearer ${liveRoomBearer}`).expect(200);

    const refused = await t.http().post('/api/auth/logout').set('Cookie', first.cookie).expect(403);
    assert.equal(refused.body.code, 'CSRF_REJECTED', 'a cross-site form cannot sign someone out either');
    const out = await t.http().post('/api/auth/logout').set('Cookie', first.cookie).set(CSRF).expect(204);
    assert.match(String(out.headers['set-cookie']), /amphi-organiser=;.*Expires=Thu, 01 Jan 1970/i, 'the cookie is cleared');

    for (const cookie of [tab, otherBrowser]) {
      const res = await t.http().get('/api/auth/me').set('Cookie', cookie).expect(401);
      assert.equal(res.body.code, 'SIGNED_OUT');
    }
    const socket = io(`${t.baseUrl}${QA_NAMESPACE}`, { transports: ['websocket'], extraHeaders: { Cookie: tab }, reconnection: false });
    const error = await new Promise<Error & { data?: ErrorBody }>((resolve) => socket.once('connect_error', resolve));
    socket.close();
    assert.equal(error.data?.code, 'SIGNED_OUT');
    // The live room's bearer ends with the sign-in it came from, over HTTP and on the socket.
    const roomRefused = await t.http().get('/api/auth/me').set('Authorization', `Bearer ${liveRoomBearer}`).expect(401);
    assert.equal(roomRefused.body.code, 'SIGNED_OUT');
    const roomSocket = io(`${t.baseUrl}${QA_NAMESPACE}`, { transports: ['websocket'], auth: { token: liveRoomBearer }, reconnection: false });
    const roomError = await new Promise<Error & { data?: ErrorBody }>((resolve) => roomSocket.once('connect_error', resolve));
    roomSocket.close();
    assert.equal(roomError.data?.code, 'SIGNED_OUT');
    await t.http().get('/api/auth/me').set('Authorization', `Bearer ${first.bearer}`).expect(200); // API clients' bearer (the login's) runs until it expires

    // The next sign-in forgets the ended ones (the table does not grow with every sign-in); their cookies stay refused.
    const db = t.app.get(DataSource);
    const count = async () => Number((await db.query('SELECT count(*) AS n FROM organiser_session WHERE organiser_id = $1', [organiser.id]))[0].n);
    assert.ok((await count()) >= 2, 'the revoked sign-ins (these two, and those of the tests above) are still there');
    const again = await signIn();
    assert.equal(await count(), 1, 'only the new sign-in is kept');
    await t.http().get('/api/auth/me').set('Cookie', tab).expect(401);
    await t.http().get('/api/auth/me').set('Cookie', again.cookie).expect(200);
  });

  it('only failed logins count towards the limit, and the 429 says how long to wait', async () => {
    for (let i = 0; i < 12; i++) await t.http().post('/api/auth/login').send({ email: organiser.email, password: organiser.password }).expect(200);
    for (let i = 0; i < 3; i++) await t.http().post('/api/auth/login').send({ email: organiser.email, password: 'not the password' }).expect(401);
    const limited = await t.http().post('/api/auth/login').set('Accept-Language', 'fr').send({ email: organiser.email, password: organiser.password }).expect(429);
    assert.equal(limited.body.code, 'RATE_LIMITED');
    const seconds = limited.body.details.retryAfterSeconds;
    assert.ok(Number.isInteger(seconds) && seconds > 0 && seconds <= 15 * 60, String(seconds));
    assert.equal(Number(limited.headers['retry-after']), seconds);
    assert.match(limited.body.message, /dans \d+ minutes?/);
    // Another account is not held up by this one's failures.
    await t.organiser('someone-else@example.org', 'another long password');
  });
});

describe('organiser sign-in cookie behind https (issue 13)', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ PUBLIC_URL: 'https://amphi.example.org' });
  });
  after(() => t.close());

  it('is Secure and __Host- prefixed when PUBLIC_URL is https', async () => {
    const o = await t.organiser();
    const res = await t.http().post('/api/auth/login').set(CSRF).send({ email: o.email, password: o.password }).expect(200);
    const cookie = signInCookie(res.headers);
    assert.ok(cookie?.pair.startsWith('__Host-amphi-organiser='));
    assert.match(cookie!.attributes, /Secure/);
    assert.match(cookie!.attributes, /HttpOnly/);
  });
});
