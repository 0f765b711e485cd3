import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Client } from 'pg';
import type { EventSummaryView, EventWithProgrammeView, LoginResult, OrganiserEventView } from '@amphi/contracts';
import { startTestApp, type TestApp } from './support/harness';

/**
 * What a newcomer sees on first start: the demo events on an empty database, the first
 * organiser from the environment, and nothing duplicated when the app starts again.
 */

const DEMO_SLUGS = ['amphi-live-demo', 'expeerts-conference-2019', 'study-day-2022'];
/** The demo event that is always happening now: remade at each start. */
const LIVE_DEMO = 'amphi-live-demo';
const ORGANISER = { ORGANISER_EMAIL: 'First.Organiser@Example.org', ORGANISER_PASSWORD: 'a long enough password', ORGANISER_NAME: 'Eve Gardien' };

async function login(t: TestApp, email: string, password: string): Promise<LoginResult> {
  return (await t.http().post('/api/auth/login').send({ email, password }).expect(200)).body;
}

/** The `count` a query answers, asked of the app's database directly. */
async function countRows(databaseUrl: string, sql: string): Promise<number> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return Number((await client.query(sql)).rows[0].count);
  } finally {
    await client.end();
  }
}

describe('first start with DEMO_DATA on an empty database', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ DEMO_DATA: 'true' });
  });
  after(() => t.close());

  it('publishes the two demo events from the seeds, and one happening now', async () => {
    const list = (await t.http().get('/api/public/events').expect(200)).body as EventSummaryView[];
    assert.deepEqual(list.map((e) => e.slug).sort(), DEMO_SLUGS);
    assert.ok(list.every((e) => e.status === 'published'));
    const live = (await t.http().get(`/api/public/events/${LIVE_DEMO}`).expect(200)).body as EventWithProgrammeView;
    const [session] = live.sessions;
    assert.ok(Date.parse(session.startsAt) <= Date.now() && Date.parse(session.endsAt) > Date.now(), 'its session is running now');
    assert.equal(live.registration.open, true);
  });

  it('shows the 2019 conference with its plenaries, chairs and speakers in order, in +01:00', async () => {
    const event = (await t.http().get('/api/public/events/expeerts-conference-2019').expect(200)).body as EventWithProgrammeView;
    assert.equal(event.status, 'published');
    assert.equal(event.timeZone, 'Europe/Paris');
    assert.equal(event.startDate, '2019-11-14');
    assert.equal(event.endDate, '2019-11-15');
    assert.equal(event.startsAt, '2019-11-14T00:00:00+01:00');

    const plenaries = event.sessions.filter((s) => s.type === 'plenary');
    assert.deepEqual(
      plenaries.map((s) => ({
        title: s.title.en,
        startsAt: s.startsAt,
        endsAt: s.endsAt,
        chairs: s.chairs.map((c) => c.name),
        speakers: s.talks.map((talk) => talk.speakers.map((p) => p.name)),
      })),
      [
        {
          title: 'Plenary session – Citizens in a changing society',
          startsAt: '2019-11-14T09:30:00+01:00',
          endsAt: '2019-11-14T11:00:00+01:00',
          chairs: ['Baptiste Brossard'],
          speakers: [['Joëlle Zask'], ['Jean-Louis Genard']],
        },
        {
          title: 'Plenary session – From citizen participation to peer support',
          startsAt: '2019-11-14T14:00:00+01:00',
          endsAt: '2019-11-14T15:30:00+01:00',
          chairs: ['Robert Dingwall'],
          speakers: [['Marcel Jaeger'], ['Eve Gardien', 'Christian Laval']],
        },
        {
          title: 'Plenary session – Peer support and accompaniment: the contemporary challenge of professionalization',
          startsAt: '2019-11-15T09:30:00+01:00',
          endsAt: '2019-11-15T11:00:00+01:00',
          chairs: ['Eve Gardien'],
          speakers: [['Lise Demailly'], ['Chyrell Bellamy']],
        },
      ],
    );
    assert.equal(plenaries[0].chairs[0].affiliation, 'Australian National University (Australia)');
    assert.equal(plenaries[1].chairs[0].affiliation, 'Nottingham Trent University (United Kingdom)');
    for (const s of plenaries) {
      const positions = s.talks.map((talk) => talk.position);
      assert.deepEqual(positions, [...positions].sort((a, b) => a - b), 'talks answered in their order');
    }
    assert.ok(event.sessions.every((s) => s.timeZone === 'Europe/Paris' && s.startsAt.endsWith('+01:00') && s.endsAt.endsWith('+01:00')));
    const starts = event.sessions.map((s) => Date.parse(s.startsAt));
    assert.deepEqual(starts, [...starts].sort((a, b) => a - b), 'sessions in time order');
  });

  it('shows the 2022 study day on 21 January in +01:00', async () => {
    const event = (await t.http().get('/api/public/events/study-day-2022').expect(200)).body as EventWithProgrammeView;
    assert.equal(event.status, 'published');
    assert.equal(event.startDate, '2022-01-21');
    assert.equal(event.sessions.length, 4);
    assert.equal(event.sessions[0].startsAt, '2022-01-21T09:30:00+01:00');
    assert.equal(event.sessions.at(-1)!.endsAt, '2022-01-21T16:30:00+01:00');
    assert.deepEqual(event.sessions[0].chairs.map((c) => c.name), ['Eve Gardien', 'Nicolas Chambon']);
  });

  it('creates no organiser from the environment when none is configured, only the demo owner', async () => {
    assert.equal(await countRows(t.databaseUrl, 'SELECT count(*) FROM organiser'), 1);
    assert.equal(await countRows(t.databaseUrl, "SELECT count(*) FROM organiser WHERE email = 'demo@amphi.local'"), 1);
  });
});

describe('first start with ORGANISER_EMAIL and ORGANISER_PASSWORD, then a restart on the same database', () => {
  const email = ORGANISER.ORGANISER_EMAIL.toLowerCase();
  let first: TestApp;
  let firstClosed = false;
  let second: TestApp | undefined;
  let firstEventIds: string[];
  before(async () => {
    first = await startTestApp({ DEMO_DATA: 'true', ...ORGANISER });
  });
  after(async () => {
    if (!firstClosed) await first.close();
    await second?.close();
  });

  it('creates that organiser, who can log in', async () => {
    const result = await login(first, email, ORGANISER.ORGANISER_PASSWORD);
    assert.equal(result.tokenType, 'Bearer');
    assert.equal(result.organiser.email, email, 'the e-mail is kept in lower case');
    assert.equal(result.organiser.name, 'Eve Gardien');
    const me = await first.http().get('/api/auth/me').set('Authorization', `Bearer ${result.accessToken}`).expect(200);
    assert.equal(me.body.email, email);
    // The address as typed in the environment works too.
    await login(first, ORGANISER.ORGANISER_EMAIL, ORGANISER.ORGANISER_PASSWORD);
  });

  it('makes that organiser the owner of the demo events', async () => {
    const { accessToken, organiser } = await login(first, email, ORGANISER.ORGANISER_PASSWORD);
    const auth = { Authorization: `Bearer ${accessToken}` };
    const mine = (await first.http().get('/api/events').set(auth).expect(200)).body as EventSummaryView[];
    assert.deepEqual(mine.map((e) => e.slug).sort(), DEMO_SLUGS);
    firstEventIds = mine.filter((e) => e.slug !== LIVE_DEMO).map((e) => e.id).sort();
    for (const summary of mine) {
      const event = (await first.http().get(`/api/events/${summary.id}`).set(auth).expect(200)).body as OrganiserEventView;
      assert.deepEqual(event.organisers.map((o) => [o.id, o.role]), [[organiser.id, 'owner']]);
    }
    assert.equal(await countRows(first.databaseUrl, 'SELECT count(*) FROM organiser'), 1, 'no separate demo account');
  });

  it('refuses a wrong password and an unknown e-mail with the same 401', async () => {
    const wrongPassword = await first.http().post('/api/auth/login').send({ email, password: 'not the password' }).expect(401);
    const unknownEmail = await first.http().post('/api/auth/login').send({ email: 'nobody@example.org', password: ORGANISER.ORGANISER_PASSWORD }).expect(401);
    assert.equal(wrongPassword.body.message, 'Wrong e-mail address or password.');
    assert.equal(wrongPassword.body.code, 'LOGIN_FAILED');
    assert.deepEqual(unknownEmail.body, wrongPassword.body, 'an unknown e-mail is not told apart');
  });

  it('on a restart with the same environment, neither duplicates nor reloads the demo events or the organiser', async () => {
    assert.ok(firstEventIds, 'the previous test recorded the event ids');
    const countsBefore = await Promise.all(
      ['event', 'organiser', 'session', 'person', 'talk', 'recording', 'recording_file', 'recording_transcript'].map((table) => countRows(first.databaseUrl, `SELECT count(*) FROM ${table}`)),
    );
    await first.close();
    firstClosed = true;
    second = await startTestApp({ DEMO_DATA: 'true', ...ORGANISER }, first.databaseUrl);
    assert.equal(second.databaseUrl, first.databaseUrl);

    const countsAfter = await Promise.all(
      ['event', 'organiser', 'session', 'person', 'talk', 'recording', 'recording_file', 'recording_transcript'].map((table) => countRows(second!.databaseUrl, `SELECT count(*) FROM ${table}`)),
    );
    assert.deepEqual(countsAfter, countsBefore);
    assert.equal(countsAfter[0], 3);
    assert.deepEqual(countsAfter.slice(5), [1, 2, 1], 'the demo recording (its original and podcast files, its transcript), once');
    assert.equal(await countRows(second.databaseUrl, `SELECT count(*) FROM organiser WHERE email = '${email}'`), 1);

    const { accessToken } = await login(second, email, ORGANISER.ORGANISER_PASSWORD);
    const mine = (await second.http().get('/api/events').set('Authorization', `Bearer ${accessToken}`).expect(200)).body as EventSummaryView[];
    assert.deepEqual(mine.filter((e) => e.slug !== LIVE_DEMO).map((e) => e.id).sort(), firstEventIds, 'the same events, not loaded again');
    const list = (await second.http().get('/api/public/events').expect(200)).body as EventSummaryView[];
    assert.deepEqual(list.map((e) => e.slug).sort(), DEMO_SLUGS);
  });
});
