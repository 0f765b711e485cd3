import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Response } from 'supertest';
import { startTestApp, type TestApp } from './support/harness';
import { wavFile } from './support/media';
import { startLiveKit, type LiveKitServer } from './support/livekit';

/**
 * Issue 12: bad input gets a 4xx naming what is wrong, never a 500. Each case here answered 500
 * (or was wrongly accepted) before, found by hand or by the fuzzer (test/fuzz.e2e.ts); each is
 * checked through HTTP against the real app and PostgreSQL, which is what refused them.
 */

type Auth = { Authorization: string };
/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are read as JSON */
type Json = any;

describe('bad input never gets a 500', () => {
  let t: TestApp;
  let lk: LiveKitServer;
  let owner: Auth;
  let event: Json;
  let sessionId: string;
  let personId: string;
  let recordingId: string;
  /** Every 5xx the server answered during this file: there must be none. */
  const serverErrors: string[] = [];

  const show = (res: Response) => `${res.status} ${JSON.stringify(res.body)}`;
  const slug = (base: string) => `${base}-${randomBytes(4).toString('hex')}`;

  /** Asserts a 422 whose machine-readable issues name `path` with `code`. */
  function assertIssue(res: Response, path: Array<string | number>, code: string): void {
    assert.equal(res.status, 422, show(res));
    assert.equal(res.body.code, 'VALIDATION_FAILED', show(res));
    const issues = (res.body.issues ?? []) as Array<{ path: Array<string | number>; code: string }>;
    assert.ok(
      issues.some((i) => JSON.stringify(i.path) === JSON.stringify(path) && i.code === code),
      `expected ${code} at ${JSON.stringify(path)}: ${show(res)}`,
    );
    assert.ok(res.body.fields && Object.keys(res.body.fields).length > 0, 'a message per field for people reading the raw answer');
  }

  before(async () => {
    lk = await startLiveKit({ logLevel: 'error' });
    t = await startTestApp({
      RATE_LIMIT_REGISTRATION_PER_IP: '100000',
      RATE_LIMIT_REGISTRATION_PER_EMAIL: '100000',
      LIVEKIT_URL: lk.url,
      LIVEKIT_API_KEY: lk.apiKey,
      LIVEKIT_API_SECRET: lk.apiSecret,
    });
    t.app.getHttpServer().on('request', (req: IncomingMessage, res: ServerResponse) => {
      res.on('finish', () => {
        if (res.statusCode >= 500) serverErrors.push(`${req.method} ${req.url} → ${res.statusCode}`);
      });
    });
    owner = (await t.organiser()).auth;
    const created = await t
      .http()
      .post('/api/events')
      .set(owner)
      .send({ slug: slug('hardening'), title: { fr: 'Journée', en: 'Study day' }, mainLanguage: 'fr', timeZone: 'Europe/Paris', startDate: '2030-03-14', endDate: '2030-03-15', format: 'online' });
    assert.equal(created.status, 201, show(created));
    event = created.body;
    const person = await t.http().post(`/api/events/${event.id}/people`).set(owner).send({ name: 'Ada Lovelace', email: 'ada@people.example.org' });
    assert.equal(person.status, 201, show(person));
    personId = person.body.id;
    const session = await t
      .http()
      .post(`/api/events/${event.id}/sessions`)
      .set(owner)
      .send({ type: 'plenary', title: { fr: 'Séance' }, startsAt: '2030-03-14T09:00', endsAt: '2030-03-14T10:00', chairs: [personId], talks: [] });
    assert.equal(session.status, 201, show(session));
    sessionId = session.body.id;
    await t.http().patch(`/api/events/${event.id}`).set(owner).send({ registration: { open: true } }).expect(200);
    await t.http().post(`/api/events/${event.id}/publish`).set(owner).expect(200);
    const upload = await t.http().post(`/api/events/${event.id}/sessions/${sessionId}/recordings`).set(owner).set('content-type', 'audio/wav').send(wavFile(1, 'tone'));
    assert.equal(upload.status, 201, show(upload));
    recordingId = upload.body.id;
  });
  after(async () => {
    await t?.close();
    await lk?.stop();
  });

  describe('characters PostgreSQL cannot store (NUL, lone surrogates) are refused naming the field', () => {
    it('in an anonymous public registration', async () => {
      const res = await t.http().post(`/api/public/events/${event.slug}/registrations`).send({ name: 'a\u0000b', email: 'n@x.example.org', language: 'en', privacyConsent: true });
      assertIssue(res, ['name'], 'forbidden_character');
      assert.equal(res.body.issues.find((i: Json) => i.path[0] === 'name').params.position, 1);
    });

    it('in an event’s title and keywords', async () => {
      assertIssue(
        await t.http().post('/api/events').set(owner).send({ slug: slug('nul'), title: { en: 'x\u0000' }, mainLanguage: 'en', timeZone: 'UTC', startDate: '2030-01-01', endDate: '2030-01-01', format: 'online' }),
        ['title', 'en'],
        'forbidden_character',
      );
      assertIssue(await t.http().patch(`/api/events/${event.id}`).set(owner).send({ keywords: { en: ['ok', 'k\u0000'] } }), ['keywords', 'en', 1], 'forbidden_character');
    });

    it('in a person’s name and affiliation', async () => {
      assertIssue(await t.http().post(`/api/events/${event.id}/people`).set(owner).send({ name: '\u0000' }), ['name'], 'forbidden_character');
      assertIssue(await t.http().patch(`/api/events/${event.id}/people/${personId}`).set(owner).send({ affiliation: 'Lab\u0000' }), ['affiliation'], 'forbidden_character');
    });

    it('in a session’s stage', async () => {
      assertIssue(await t.http().patch(`/api/events/${event.id}/sessions/${sessionId}`).set(owner).send({ stage: 'Room\u0000A' }), ['stage'], 'forbidden_character');
    });

    it('in the registrations search (?q=%00)', async () => {
      assertIssue(await t.http().get(`/api/events/${event.id}/registrations?q=%00`).set(owner), ['q'], 'forbidden_character');
      assertIssue(await t.http().get(`/api/events/${event.id}/registrations.csv?q=a%00`).set(owner), ['q'], 'forbidden_character');
    });

    it('in the reason of a consent exception', async () => {
      assertIssue(await t.http().post(`/api/events/${event.id}/recordings/${recordingId}/consent-exception`).set(owner).send({ reason: 'agreed by phone\u0000' }), ['reason'], 'forbidden_character');
    });

    it('a lone surrogate too (the driver would store U+FFFD instead of what was sent)', async () => {
      const res = await t.http().post(`/api/events/${event.id}/people`).set(owner).set('content-type', 'application/json').send('{"name":"Ad\\ud800a"}');
      assertIssue(res, ['name'], 'forbidden_character');
    });

    it('in a path parameter: 404, it names nothing', async () => {
      const res = await t.http().get('/api/public/events/%00');
      assert.equal(res.status, 404, show(res));
      assert.equal(res.body.code, 'NOT_FOUND');
      assert.equal((await t.http().get(`/api/events/${event.id}/people/%00`).set(owner)).status, 404);
    });
  });

  describe('dates stay within 1900-01-01 … 2199-12-31, and an event lasts at most 31 days', () => {
    const eventWith = (dates: Record<string, string>) =>
      t.http().post('/api/events').set(owner).send({ slug: slug('dates'), title: { en: 'Dates' }, mainLanguage: 'en', timeZone: 'Europe/Paris', format: 'online', ...dates });

    it('refuses year 0 and year 9999', async () => {
      assertIssue(await eventWith({ startDate: '0000-01-01', endDate: '0000-01-01' }), ['startDate'], 'date_out_of_range');
      assertIssue(await eventWith({ startDate: '2030-01-01', endDate: '9999-12-31' }), ['endDate'], 'date_out_of_range');
      assertIssue(await eventWith({ startDate: '1899-12-31', endDate: '1900-01-01' }), ['startDate'], 'date_out_of_range');
    });

    it('refuses an event lasting a century or two months, at creation and by a PATCH', async () => {
      assertIssue(await eventWith({ startDate: '2030-01-01', endDate: '2130-01-01' }), ['endDate'], 'date_out_of_range');
      assertIssue(await eventWith({ startDate: '2030-01-01', endDate: '2030-02-01' }), ['endDate'], 'date_out_of_range');
      assert.equal((await eventWith({ startDate: '2030-01-01', endDate: '2030-01-31' })).status, 201, '31 days is fine');
      // Only the end date in the PATCH: the length is that of the event it makes with the stored start.
      assertIssue(await t.http().patch(`/api/events/${event.id}`).set(owner).send({ endDate: '2030-05-01' }), ['endDate'], 'date_out_of_range');
    });

    it('refuses dates that are not on the calendar', async () => {
      assertIssue(await eventWith({ startDate: '2031-02-29', endDate: '2031-03-01' }), ['startDate'], 'invalid_format');
    });

    it('refuses a session time that is not a real date and time (0000-00-00T00:00, T24:00, month 13)', async () => {
      for (const startsAt of ['0000-00-00T00:00', '2030-03-14T24:00', '2030-13-14T09:00', '2030-03-14T09:60']) {
        const res = await t.http().patch(`/api/events/${event.id}/sessions/${sessionId}`).set(owner).send({ startsAt });
        assert.equal(res.status, 422, `${startsAt}: ${show(res)}`);
        assert.ok(res.body.issues.some((i: Json) => i.path[0] === 'startsAt'), `${startsAt}: ${show(res)}`);
      }
    });

    it('refuses a time zone that is not an IANA name', async () => {
      assertIssue(await eventWith({ startDate: '2030-01-01', endDate: '2030-01-01', timeZone: 'Mars/Olympus_Mons' }), ['timeZone'], 'invalid_format');
    });
  });

  describe('ids in queries are validated', () => {
    it('?sessionId= that is not a uuid: 422; absent or a uuid: the list', async () => {
      assertIssue(await t.http().get(`/api/events/${event.id}/recordings?sessionId=x`).set(owner), ['sessionId'], 'invalid_format');
      const all = await t.http().get(`/api/events/${event.id}/recordings`).set(owner).expect(200);
      assert.equal(all.body.length, 1);
      const one = await t.http().get(`/api/events/${event.id}/recordings?sessionId=${sessionId}`).set(owner).expect(200);
      assert.equal(one.body.length, 1);
    });

    it('?personId= that is not a uuid: 422', async () => {
      assertIssue(await t.http().get(`/api/public/events/${event.slug}/recordings?personId=x`), ['personId'], 'invalid_format');
      await t.http().get(`/api/public/events/${event.slug}/recordings?personId=${personId}`).expect(200);
    });
  });

  describe('an empty PATCH is a no-op answering the current state, on every PATCH route', () => {
    it('recording (was a 500: UpdateValuesMissingError), event, session, person', async () => {
      const recording = await t.http().patch(`/api/events/${event.id}/recordings/${recordingId}`).set(owner).send({});
      assert.equal(recording.status, 200, show(recording));
      assert.equal(recording.body.id, recordingId);
      for (const url of [`/api/events/${event.id}`, `/api/events/${event.id}/sessions/${sessionId}`, `/api/events/${event.id}/people/${personId}`]) {
        const res = await t.http().patch(url).set(owner).send({});
        assert.equal(res.status, 200, `${url}: ${show(res)}`);
      }
    });
  });

  describe('the live room', () => {
    it('muting someone who is not in the room is a 404, not the 503 LiveKit answers (found by the fuzzer)', async () => {
      const res = await t.http().post(`/api/sessions/${sessionId}/live/mute`).set(owner).send({ identity: 'o:000000000000000000000000000000000000', trackSid: '0', muted: true });
      assert.equal(res.status, 404, show(res));
      assert.equal(res.body.code, 'NOT_FOUND');
    });
  });

  describe('prototype keys are refused like any unknown field', () => {
    it('constructor, __proto__, toString and prototype, at the top and nested', async () => {
      for (const key of ['constructor', '__proto__', 'toString', 'prototype', 'hasOwnProperty']) {
        const res = await t.http().post('/api/auth/login').set('content-type', 'application/json').send(`{"email":"a@b.example.org","password":"0123456789","${key}":{"x":1}}`);
        assertIssue(res, [key], 'unknown_field');
        assert.doesNotMatch(JSON.stringify(res.body), /native code/, 'no function source in the answer');
      }
      const nested = await t.http().patch(`/api/events/${event.id}`).set(owner).set('content-type', 'application/json').send('{"title":{"en":"x","constructor":"y"}}');
      assertIssue(nested, ['title', 'constructor'], 'unknown_field');
    });
  });

  describe('bilingual texts', () => {
    it('refuses {} (neither French nor English)', async () => {
      assertIssue(await t.http().patch(`/api/events/${event.id}`).set(owner).send({ title: {} }), ['title'], 'text_missing');
    });
  });

  it('answered no 5xx during this file', () => {
    assert.deepEqual(serverErrors, []);
  });
});
