import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import ical, { type VEvent } from 'node-ical';
import type { Response } from 'supertest';
import { Logger } from '@nestjs/common';
import { startTestApp, type TestApp } from './support/harness';
import { DEMO_EVENTS } from '../apps/api/src/demo/demo-events';

/**
 * Issue 2, end to end through HTTP against the real PostgreSQL: an organiser builds a whole
 * programme, the programme rules refuse every conflict with its details, organisers only see
 * their own events, the public only sees published ones, and the iCalendar carries the right
 * UTC times across a daylight-saving change.
 */

type Auth = { Authorization: string };
type Organiser = { id: string; email: string; auth: Auth };
/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are read as JSON */
type Json = any;

describe('the programme of an event, end to end', () => {
  let t: TestApp;
  let alice: Organiser;
  let bob: Organiser;
  /** Every 5xx the server answered, and every error it logged, during this file: there must be none. */
  const serverErrors: string[] = [];
  const loggedErrors: string[] = [];
  const logError = Logger.prototype.error;

  before(async () => {
    Logger.prototype.error = function (this: Logger, message: unknown, ...rest: unknown[]) {
      loggedErrors.push(String(message).split('\n')[0]);
      return (logError as (...args: unknown[]) => void).call(this, message, ...rest);
    };
    t = await startTestApp();
    t.app.getHttpServer().on('request', (req: IncomingMessage, res: ServerResponse) => {
      res.on('finish', () => {
        if (res.statusCode >= 500) serverErrors.push(`${req.method} ${req.url} → ${res.statusCode}`);
      });
    });
    alice = await t.organiser();
    bob = await t.organiser();
  });
  after(async () => {
    Logger.prototype.error = logError;
    await t.close();
  });

  // --- helpers -----------------------------------------------------------------

  const slug = (base: string) => `${base}-${randomBytes(4).toString('hex')}`;
  const show = (res: Response) => `${res.status} ${JSON.stringify(res.body)}`;

  function eventInput(overrides: Record<string, unknown> = {}): Record<string, unknown> {
    return {
      slug: slug('study-day'),
      title: { fr: "Journée d'étude", en: 'Study day' },
      mainLanguage: 'fr',
      timeZone: 'Europe/Paris',
      startDate: '2019-11-14',
      endDate: '2019-11-15',
      format: 'online',
      ...overrides,
    };
  }

  async function createEvent(who: Organiser, overrides: Record<string, unknown> = {}): Promise<Json> {
    const res = await t.http().post('/api/events').set(who.auth).send(eventInput(overrides));
    assert.equal(res.status, 201, show(res));
    return res.body;
  }

  async function addPerson(who: Organiser, eventId: string, body: Record<string, unknown>): Promise<Json> {
    const res = await t.http().post(`/api/events/${eventId}/people`).set(who.auth).send(body);
    assert.equal(res.status, 201, show(res));
    return res.body;
  }

  /** An event with four people (ids in `people`), nothing scheduled yet. */
  async function eventWithPeople(who: Organiser, overrides: Record<string, unknown> = {}): Promise<{ event: Json; people: string[]; names: string[] }> {
    const event = await createEvent(who, overrides);
    const names = ['Ada Lovelace', 'Émile Durkheim', 'Simone Weil', 'Marcel Mauss'];
    const people: string[] = [];
    for (const name of names) people.push((await addPerson(who, event.id, { name, email: `${name.split(' ')[0].normalize('NFD').replace(/[^A-Za-z]/g, '').toLowerCase()}@people.example.org` })).id);
    return { event, people, names };
  }

  function sessionInput(overrides: Record<string, unknown> = {}): Record<string, unknown> {
    return {
      type: 'plenary',
      title: { fr: 'Séance', en: 'Session' },
      startsAt: '2019-11-14T09:00',
      endsAt: '2019-11-14T10:00',
      chairs: [],
      talks: [],
      ...overrides,
    };
  }

  /** One request, with a body when there is one. */
  function call(method: 'get' | 'post' | 'patch' | 'delete', url: string, auth?: Auth, body?: unknown) {
    const req = auth ? t.http()[method](url).set(auth) : t.http()[method](url);
    return body === undefined ? req : req.send(body as object);
  }

  const postSession = (who: Organiser, eventId: string, overrides: Record<string, unknown>) =>
    t.http().post(`/api/events/${eventId}/sessions`).set(who.auth).send(sessionInput(overrides));

  async function createSession(who: Organiser, eventId: string, overrides: Record<string, unknown>): Promise<Json> {
    const res = await postSession(who, eventId, overrides);
    assert.equal(res.status, 201, show(res));
    return res.body;
  }

  /** The conflicts of a 409 PROGRAMME_CONFLICT answer. */
  function conflictsOf(res: Response): Json[] {
    assert.equal(res.status, 409, show(res));
    assert.equal(res.body.code, 'PROGRAMME_CONFLICT');
    assert.equal(typeof res.body.message, 'string');
    assert.ok(Array.isArray(res.body.details?.conflicts), show(res));
    // Facts, no prose: every conflict names its session and times; the message (English here) lists them all.
    for (const c of res.body.details.conflicts) assert.ok(typeof c.sessionTitle === 'string' && typeof c.startsAt === 'string', `each conflict says what is wrong: ${JSON.stringify(c)}`);
    assert.equal(typeof res.body.details.timeZone, 'string', 'the zone its times are shown in');
    return res.body.details.conflicts;
  }

  /** A 422 that names `field` (and answers `fields` keyed by path). */
  function assertInvalid(res: Response, field: string, message?: RegExp): void {
    assert.equal(res.status, 422, show(res));
    assert.equal(res.body.code, 'VALIDATION_FAILED');
    assert.ok(res.body.fields && field in res.body.fields, `expected a message for "${field}": ${show(res)}`);
    if (message) assert.match(res.body.fields[field], message);
  }

  function assertNotFound(res: Response, what: string): void {
    assert.equal(res.status, 404, `${what}: ${show(res)}`);
    assert.equal(res.body.code, 'NOT_FOUND', what);
  }

  /** The path of every key that looks like an e-mail address field, anywhere in a JSON value. */
  function emailKeys(value: unknown, path = ''): string[] {
    if (Array.isArray(value)) return value.flatMap((v, i) => emailKeys(v, `${path}[${i}]`));
    if (value && typeof value === 'object')
      return Object.entries(value).flatMap(([k, v]) => [...(/e-?mail/i.test(k) ? [`${path}.${k}`] : []), ...emailKeys(v, `${path}.${k}`)]);
    return [];
  }

  /** Reads a binary response body as a Buffer. */
  const binary = (res: Json, done: (err: Error | null, body: Buffer) => void) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => done(null, Buffer.concat(chunks)));
    res.on('error', (e: Error) => done(e, Buffer.alloc(0)));
  };

  const paramText = (v: unknown): string => (typeof v === 'string' ? v : ((v as { val?: string })?.val ?? ''));
  const vevents = (text: string) => Object.values(ical.sync.parseICS(text)).filter((c): c is VEvent => (c as { type?: string })?.type === 'VEVENT');

  // --- 1. the whole 2019 conference ---------------------------------------------

  it('lets an organiser build the whole 2019 conference through the API, and shows it publicly with offsets, people, talks and committees but no e-mail', async () => {
    const demo = DEMO_EVENTS.find((d) => d.event.slug === 'expeerts-conference-2019');
    assert.ok(demo, 'the demo data holds the 2019 conference');

    const created = await t.http().post('/api/events').set(alice.auth).send(demo.event);
    assert.equal(created.status, 201, show(created));
    const event = created.body;
    assert.equal(event.status, 'draft');
    assert.equal(event.timeZone, 'Europe/Paris');
    assert.equal(event.startsAt, '2019-11-14T00:00:00+01:00');
    assert.equal(event.endsAt, '2019-11-16T00:00:00+01:00');

    const ids = new Map<string, string>();
    const emails: string[] = [];
    for (const p of demo.people) {
      const email = `${p.key}@people.example.org`;
      emails.push(email);
      const person = await addPerson(alice, event.id, { name: p.name, affiliation: p.affiliation, title: p.title, email });
      assert.equal(person.email, email, 'the organiser sees the e-mail they gave');
      ids.set(p.key, person.id);
    }
    const id = (key: string) => ids.get(key)!;
    const listed = await t.http().get(`/api/events/${event.id}/people`).set(alice.auth).expect(200);
    assert.equal(listed.body.length, demo.people.length);
    assert.ok(listed.body.every((p: Json) => p.email?.endsWith('@people.example.org')), 'e-mails are kept for the organiser');

    const member = { fr: 'membre', en: 'member' };
    const committees = {
      organising: demo.committees!.organising!.map((m) => ({ personId: id(m.person), role: member })),
      scientific: demo.committees!.scientific!.map((m) => ({ personId: id(m.person), role: member })),
    };
    const patched = await t.http().patch(`/api/events/${event.id}`).set(alice.auth).send({ committees });
    assert.equal(patched.status, 200, show(patched));
    assert.equal(patched.body.committees.organising.length, 11);
    assert.equal(patched.body.committees.scientific.length, 20);

    for (const s of demo.sessions) {
      const session = await createSession(alice, event.id, {
        type: s.type,
        title: s.title,
        startsAt: s.startsAt,
        endsAt: s.endsAt,
        stage: 'Amphi B',
        chairs: s.chairs.map(id),
        talks: (s.talks ?? []).map((talk) => ({ ...talk, speakers: talk.speakers.map(id) })),
        recorded: s.recorded ?? false,
      });
      assert.equal(session.startsAt, `${s.startsAt}:00+01:00`);
    }
    const published = await t.http().post(`/api/events/${event.id}/publish`).set(alice.auth);
    assert.equal(published.status, 200, show(published));
    assert.equal(published.body.status, 'published');
    assert.ok(published.body.publishedAt, 'publication is dated');

    const listing = await t.http().get('/api/public/events').expect(200);
    assert.ok(listing.body.some((e: Json) => e.slug === demo.event.slug), 'the published event is listed publicly');

    const pub = await t.http().get(`/api/public/events/${demo.event.slug}`).expect(200);
    const view = pub.body;
    assert.equal(view.id, event.id);
    assert.equal(view.status, 'published');
    assert.deepEqual(view.title, demo.event.title);
    assert.deepEqual(view.subtitle, demo.event.subtitle);
    assert.equal(view.mainLanguage, 'fr');
    assert.equal(view.timeZone, 'Europe/Paris');
    assert.equal(view.startDate, '2019-11-14');
    assert.equal(view.endDate, '2019-11-15');
    assert.equal(view.format, 'hybrid');
    assert.equal(view.venue.city, 'Rennes');
    assert.deepEqual(view.keywords, demo.event.keywords);

    // The programme in time order, times with the Paris winter offset.
    assert.equal(view.sessions.length, demo.sessions.length);
    const expectedOrder = [...demo.sessions].sort((a, b) => a.startsAt.localeCompare(b.startsAt));
    view.sessions.forEach((s: Json, i: number) => {
      const d = expectedOrder[i];
      assert.deepEqual(s.title, d.title);
      assert.equal(s.type, d.type);
      assert.equal(s.startsAt, `${d.startsAt}:00+01:00`);
      assert.equal(s.endsAt, `${d.endsAt}:00+01:00`);
      assert.equal(new Date(s.startsAt).toISOString(), new Date(`${d.startsAt}:00+01:00`).toISOString());
      assert.equal(s.timeZone, 'Europe/Paris');
      assert.equal(s.stage, 'Amphi B');
      assert.equal(s.language, 'fr', 'a session without a language speaks the main one');
      assert.deepEqual(
        s.chairs.map((c: Json) => c.name),
        d.chairs.map((k) => demo.people.find((p) => p.key === k)!.name),
      );
      assert.deepEqual(
        s.talks.map((talk: Json) => ({ position: talk.position, title: talk.title, minutes: talk.plannedMinutes, speakers: talk.speakers.map((p: Json) => p.name) })),
        (d.talks ?? []).map((talk, position) => ({
          position,
          title: talk.title,
          minutes: talk.plannedMinutes,
          speakers: talk.speakers.map((k) => demo.people.find((p) => p.key === k)!.name),
        })),
      );
    });
    const secondPlenary = view.sessions.find((s: Json) => s.chairs[0]?.name === 'Robert Dingwall');
    assert.deepEqual(
      secondPlenary.talks[1].speakers.map((p: Json) => [p.name, p.affiliation]),
      [
        ['Eve Gardien', 'Rennes 2 University'],
        ['Christian Laval', 'ESO-Rennes (UMR 6590)'],
      ],
    );
    for (const s of view.sessions) for (const time of [s.startsAt, s.endsAt]) assert.match(time, /^2019-11-1[45]T\d\d:\d\d:00\+01:00$/);

    // Committees in the order given, with their roles.
    const nameOf = (key: string) => demo.people.find((p) => p.key === key)!.name;
    assert.deepEqual(
      view.committees.organising.map((m: Json) => m.person.name),
      demo.committees!.organising!.map((m) => nameOf(m.person)),
    );
    assert.deepEqual(
      view.committees.scientific.map((m: Json) => m.person.name),
      demo.committees!.scientific!.map((m) => nameOf(m.person)),
    );
    assert.deepEqual(view.committees.scientific[0].role, member);

    // Nothing private in public answers: the only e-mail is the event's own public contact.
    const laval = id('laval');
    const publicAnswers: Array<[string, unknown]> = [
      ['event', view],
      ['list', listing.body],
      ['session', (await t.http().get(`/api/public/events/${demo.event.slug}/sessions/${view.sessions[0].id}`).expect(200)).body],
      ['person', (await t.http().get(`/api/public/events/${demo.event.slug}/people/${laval}`).expect(200)).body],
    ];
    for (const [what, body] of publicAnswers) {
      const keys = emailKeys(body).filter((k) => k !== '.contact.email');
      assert.deepEqual(keys, [], `no e-mail key in the public ${what}`);
      const text = JSON.stringify(body);
      for (const email of emails) assert.ok(!text.includes(email), `the public ${what} does not carry ${email}`);
    }
    assert.deepEqual(emailKeys(view), ['.contact.email'], "the event's public contact is the one e-mail shown");
    assert.equal(view.contact.email, demo.event.contact!.email);
  });

  // --- 2. the programme rules -----------------------------------------------------

  it('refuses a session outside the event dates, with its details (and accepts one that ends at midnight of the last day)', async () => {
    const { event, people } = await eventWithPeople(alice);
    const c1 = conflictsOf(await postSession(alice, event.id, { startsAt: '2019-11-16T09:00', endsAt: '2019-11-16T10:00', chairs: [people[0]] }));
    assert.equal(c1.length, 1);
    assert.equal(c1[0].kind, 'outside_event_dates');
    assert.equal(c1[0].sessionId, undefined, 'a session not saved yet has no id');
    assert.ok(c1[0].eventStartsAt && c1[0].eventEndsAt, 'says when the event runs');

    const tooEarly = conflictsOf(await postSession(alice, event.id, { startsAt: '2019-11-13T23:30', endsAt: '2019-11-14T00:30', chairs: [people[0]] }));
    assert.deepEqual(
      tooEarly.map((c) => c.kind),
      ['outside_event_dates'],
    );
    // 23:30 UTC on the 13th is 00:30 in Paris on the 14th: inside.
    const withOffset = await createSession(alice, event.id, { startsAt: '2019-11-13T23:30:00Z', endsAt: '2019-11-14T00:30:00Z', chairs: [people[0]] });
    assert.equal(withOffset.startsAt, '2019-11-14T00:30:00+01:00');
    const lastMinute = await createSession(alice, event.id, { startsAt: '2019-11-15T23:00', endsAt: '2019-11-16T00:00', chairs: [people[0]] });
    assert.equal(lastMinute.endsAt, '2019-11-16T00:00:00+01:00');

    const programme = await t.http().get(`/api/events/${event.id}/sessions`).set(alice.auth).expect(200);
    assert.deepEqual(
      programme.body.map((s: Json) => s.id),
      [withOffset.id, lastMinute.id],
      'the refused sessions were not stored',
    );
  });

  it('refuses two overlapping sessions on one stage, but not on different stages nor when they merely touch', async () => {
    const { event, people } = await eventWithPeople(alice);
    const first = await createSession(alice, event.id, { stage: 'main', startsAt: '2019-11-14T09:00', endsAt: '2019-11-14T10:00', chairs: [people[0]] });
    const clash = conflictsOf(await postSession(alice, event.id, { stage: 'main', startsAt: '2019-11-14T09:30', endsAt: '2019-11-14T10:30', chairs: [people[1]] }));
    assert.equal(clash.length, 1);
    assert.equal(clash[0].kind, 'stage_overlap');
    assert.equal(clash[0].otherSessionId, first.id);
    assert.equal(clash[0].stage, 'main');
    assert.equal(clash[0].sessionTitle !== undefined && clash[0].otherSessionTitle !== undefined, true);

    const inside = conflictsOf(await postSession(alice, event.id, { stage: 'main', startsAt: '2019-11-14T09:15', endsAt: '2019-11-14T09:45', chairs: [people[1]] }));
    assert.deepEqual(
      inside.map((c) => [c.kind, c.otherSessionId]),
      [['stage_overlap', first.id]],
    );

    await createSession(alice, event.id, { stage: 'side room', startsAt: '2019-11-14T09:30', endsAt: '2019-11-14T10:30', chairs: [people[1]] });
    await createSession(alice, event.id, { stage: 'main', startsAt: '2019-11-14T10:00', endsAt: '2019-11-14T11:00', chairs: [people[2]] });
    await createSession(alice, event.id, { stage: 'main', startsAt: '2019-11-14T08:00', endsAt: '2019-11-14T09:00', chairs: [people[3]] });
    // The default stage is "main" too.
    const defaultStage = conflictsOf(await t.http().post(`/api/events/${event.id}/sessions`).set(alice.auth).send({ ...sessionInput({ chairs: [people[3]] }), stage: undefined }));
    assert.equal(defaultStage[0].kind, 'stage_overlap');

    const programme = await t.http().get(`/api/events/${event.id}/sessions`).set(alice.auth).expect(200);
    assert.deepEqual(
      programme.body.map((s: Json) => `${s.stage} ${s.startsAt}`),
      ['main 2019-11-14T08:00:00+01:00', 'main 2019-11-14T09:00:00+01:00', 'side room 2019-11-14T09:30:00+01:00', 'main 2019-11-14T10:00:00+01:00'],
    );
  });

  it('refuses the same person chairing or speaking in two overlapping sessions on different stages', async () => {
    const { event, people, names } = await eventWithPeople(alice);
    const [ada, emile, simone, marcel] = people;
    const first = await createSession(alice, event.id, {
      stage: 'A',
      startsAt: '2019-11-14T14:00',
      endsAt: '2019-11-14T15:00',
      chairs: [ada],
      talks: [{ title: { en: 'On gifts' }, speakers: [marcel], plannedMinutes: 30 }],
    });

    const chairTwice = conflictsOf(await postSession(alice, event.id, { stage: 'B', startsAt: '2019-11-14T14:30', endsAt: '2019-11-14T15:30', chairs: [ada] }));
    assert.equal(chairTwice.length, 1);
    assert.equal(chairTwice[0].kind, 'person_overlap');
    assert.equal(chairTwice[0].personId, ada);
    assert.equal(chairTwice[0].otherSessionId, first.id);
    assert.equal(chairTwice[0].personName, names[0]);

    const speakerWhileChair = conflictsOf(
      await postSession(alice, event.id, {
        stage: 'B',
        startsAt: '2019-11-14T14:30',
        endsAt: '2019-11-14T15:30',
        chairs: [emile],
        talks: [{ title: { en: 'Analytical engines' }, speakers: [ada], plannedMinutes: 20 }],
      }),
    );
    assert.deepEqual(
      speakerWhileChair.map((c) => [c.kind, c.personId, c.otherSessionId]),
      [['person_overlap', ada, first.id]],
    );
    assert.deepEqual([speakerWhileChair[0].roles, speakerWhileChair[0].otherRoles], [['speaker'], ['chair']]);

    const chairWhileSpeaker = conflictsOf(await postSession(alice, event.id, { stage: 'B', startsAt: '2019-11-14T13:30', endsAt: '2019-11-14T14:01', chairs: [marcel] }));
    assert.deepEqual(
      chairWhileSpeaker.map((c) => [c.kind, c.personId]),
      [['person_overlap', marcel]],
    );

    const panelist = conflictsOf(
      await postSession(alice, event.id, { type: 'round_table', stage: 'B', startsAt: '2019-11-14T14:45', endsAt: '2019-11-14T16:00', chairs: [simone], panelists: [ada, marcel] }),
    );
    assert.deepEqual(panelist.map((c) => c.personId).sort(), [ada, marcel].sort());

    // Right after, on another stage, the same people are free again.
    await createSession(alice, event.id, { stage: 'B', startsAt: '2019-11-14T15:00', endsAt: '2019-11-14T16:00', chairs: [ada], talks: [{ title: { fr: 'Le don' }, speakers: [marcel], plannedMinutes: 30 }] });
  });

  it("refuses talks whose planned minutes exceed their session (and accepts talks that fill it exactly)", async () => {
    const { event, people } = await eventWithPeople(alice);
    const talks = (a: number, b: number) => [
      { title: { en: 'First' }, speakers: [people[1]], plannedMinutes: a },
      { title: { en: 'Second' }, speakers: [people[2]], plannedMinutes: b },
    ];
    const tooLong = conflictsOf(await postSession(alice, event.id, { chairs: [people[0]], talks: talks(40, 30) }));
    assert.equal(tooLong.length, 1);
    assert.equal(tooLong[0].kind, 'talks_exceed_session');
    assert.deepEqual([tooLong[0].plannedMinutes, tooLong[0].availableMinutes], [70, 60]);
    const exact = await createSession(alice, event.id, { chairs: [people[0]], talks: talks(40, 20) });
    assert.deepEqual(
      exact.talks.map((x: Json) => [x.position, x.title.en, x.plannedMinutes]),
      [
        [0, 'First', 40],
        [1, 'Second', 20],
      ],
    );
  });

  it('lists every rule a request breaks at once', async () => {
    const { event, people } = await eventWithPeople(alice);
    const [ada, emile, simone] = people;
    const existing = await createSession(alice, event.id, {
      stage: 'main',
      startsAt: '2019-11-15T22:00',
      endsAt: '2019-11-16T00:00',
      chairs: [ada],
      talks: [{ title: { en: 'Late talk' }, speakers: [emile], plannedMinutes: 60 }],
    });
    const res = await postSession(alice, event.id, {
      stage: 'main',
      startsAt: '2019-11-15T23:00',
      endsAt: '2019-11-16T00:30',
      chairs: [ada, simone],
      talks: [{ title: { en: 'Far too long' }, speakers: [emile], plannedMinutes: 120 }],
    });
    const conflicts = conflictsOf(res);
    assert.deepEqual(conflicts.map((c) => c.kind).sort(), ['outside_event_dates', 'person_overlap', 'person_overlap', 'stage_overlap', 'talks_exceed_session']);
    assert.deepEqual(
      conflicts
        .filter((c) => c.kind === 'person_overlap')
        .map((c) => c.personId)
        .sort(),
      [ada, emile].sort(),
    );
    assert.ok(conflicts.filter((c) => c.kind !== 'outside_event_dates' && c.kind !== 'talks_exceed_session').every((c) => c.otherSessionId === existing.id));
    assert.match(res.body.message, /5 conflicts/);
  });

  it('refuses a session PATCH that creates a conflict and leaves the stored session unchanged', async () => {
    const { event, people } = await eventWithPeople(alice);
    const [ada, emile, simone] = people;
    const first = await createSession(alice, event.id, { stage: 'main', startsAt: '2019-11-14T09:00', endsAt: '2019-11-14T10:00', chairs: [ada] });
    const second = await createSession(alice, event.id, {
      stage: 'main',
      startsAt: '2019-11-14T10:00',
      endsAt: '2019-11-14T11:00',
      chairs: [emile],
      talks: [{ title: { en: 'Kept' }, speakers: [simone], plannedMinutes: 45 }],
    });
    const url = `/api/events/${event.id}/sessions/${second.id}`;

    // Changing only its title does not make a session collide with itself.
    const renamed = await t.http().patch(url).set(alice.auth).send({ title: { fr: 'Deuxième séance', en: 'Second session' } });
    assert.equal(renamed.status, 200, show(renamed));
    assert.equal(renamed.body.talks[0].id, second.talks[0].id, 'talks are kept when not given');

    const earlier = conflictsOf(await t.http().patch(url).set(alice.auth).send({ startsAt: '2019-11-14T09:30' }));
    assert.deepEqual(
      earlier.map((c) => [c.kind, c.sessionId, c.otherSessionId]),
      [['stage_overlap', second.id, first.id]],
    );
    const moved = conflictsOf(await t.http().patch(url).set(alice.auth).send({ stage: 'other', startsAt: '2019-11-14T09:30', chairs: [ada] }));
    assert.deepEqual(
      moved.map((c) => [c.kind, c.personId]),
      [['person_overlap', ada]],
    );
    const longer = conflictsOf(await t.http().patch(url).set(alice.auth).send({ talks: [{ title: { en: 'Too long' }, speakers: [simone], plannedMinutes: 61 }] }));
    assert.deepEqual(
      longer.map((c) => c.kind),
      ['talks_exceed_session'],
    );
    const outside = conflictsOf(await t.http().patch(url).set(alice.auth).send({ endsAt: '2019-11-16T00:01' }));
    assert.deepEqual(
      outside.map((c) => [c.kind, c.sessionId]),
      [['outside_event_dates', second.id]],
    );

    const stored = await t.http().get(url).set(alice.auth).expect(200);
    assert.deepEqual(stored.body, renamed.body, 'every refused PATCH left the session as it was');
  });

  it('refuses to move the event dates or zone away from its sessions (409) and leaves the event unchanged', async () => {
    const { event, people } = await eventWithPeople(alice);
    const late = await createSession(alice, event.id, { startsAt: '2019-11-15T23:00', endsAt: '2019-11-15T23:30', chairs: [people[0]] });
    const url = `/api/events/${event.id}`;

    const shorter = conflictsOf(await t.http().patch(url).set(alice.auth).send({ endDate: '2019-11-14' }));
    assert.deepEqual(
      shorter.map((c) => [c.kind, c.sessionId]),
      [['outside_event_dates', late.id]],
    );
    const later = conflictsOf(await t.http().patch(url).set(alice.auth).send({ startDate: '2019-11-16', endDate: '2019-11-17', title: { en: 'Moved' } }));
    assert.deepEqual(
      later.map((c) => c.kind),
      ['outside_event_dates'],
    );
    // 23:00 in Paris is already the next day in Tokyo.
    const tokyo = conflictsOf(await t.http().patch(url).set(alice.auth).send({ timeZone: 'Asia/Tokyo' }));
    assert.deepEqual(
      tokyo.map((c) => c.kind),
      ['outside_event_dates'],
    );

    const stored = await t.http().get(url).set(alice.auth).expect(200);
    assert.equal(stored.body.startDate, '2019-11-14');
    assert.equal(stored.body.endDate, '2019-11-15');
    assert.equal(stored.body.timeZone, 'Europe/Paris');
    assert.deepEqual(stored.body.title, event.title);

    const longer = await t.http().patch(url).set(alice.auth).send({ startDate: '2019-11-13' });
    assert.equal(longer.status, 200, show(longer));
    assert.equal(longer.body.startDate, '2019-11-13');
    assert.equal(longer.body.sessions[0].startsAt, '2019-11-15T23:00:00+01:00');
  });

  // --- 3. bad input -------------------------------------------------------------

  it('answers 422 field by field to bad events, people and sessions, 404 to ids that are not UUIDs, and never 500', async () => {
    const post = (body: unknown) => t.http().post('/api/events').set(alice.auth).send(body as object);
    assertInvalid(await post(eventInput({ timeZone: 'Europe/Atlantis' })), 'timeZone', /time zone/);
    assertInvalid(await post(eventInput({ timeZone: 'CET; DROP TABLE event' })), 'timeZone');
    assertInvalid(await post(eventInput({ slug: 'Not A Slug!' })), 'slug');
    assertInvalid(await post(eventInput({ slug: 'a' })), 'slug');
    assertInvalid(await post(eventInput({ startDate: '2019-11-15', endDate: '2019-11-14' })), 'endDate', /after the start/);
    assertInvalid(await post(eventInput({ startDate: '2019-02-30' })), 'startDate');
    assertInvalid(await post(eventInput({ colour: 'red' })), 'colour', /^This field is not expected\.$/);
    assertInvalid(await post(eventInput({ title: { de: 'Studientag' } })), 'title.de', /not expected/);
    assertInvalid(await post(eventInput({ format: 'zoom' })), 'format');
    assertInvalid(await post(eventInput({ mainLanguage: 'de' })), 'mainLanguage');
    const untitled = eventInput();
    delete untitled.title;
    assertInvalid(await post(untitled), 'title', /Required/);
    const several = await post({ ...eventInput({ timeZone: 'Mars/Olympus', slug: 'BAD SLUG' }), extra: 1, title: undefined });
    assertInvalid(several, 'timeZone');
    assertInvalid(several, 'slug');
    assertInvalid(several, 'extra');
    assertInvalid(several, 'title');
    for (const body of [[], 'text', null]) {
      const res = await t.http().post('/api/events').set(alice.auth).set('Content-Type', 'application/json').send(JSON.stringify(body));
      assert.ok(res.status === 400 || res.status === 422, `a ${JSON.stringify(body)} body is refused: ${show(res)}`);
    }

    const { event, people } = await eventWithPeople(alice, { startDate: '2019-03-30', endDate: '2019-04-01' });
    const elsewhere = await eventWithPeople(alice, { startDate: '2019-03-30', endDate: '2019-04-01' });
    const strangers = await eventWithPeople(bob, { startDate: '2019-03-30', endDate: '2019-04-01' });

    const person = (body: unknown) => t.http().post(`/api/events/${event.id}/people`).set(alice.auth).send(body as object);
    assertInvalid(await person({}), 'name', /Required/);
    assertInvalid(await person({ name: '   ' }), 'name');
    assertInvalid(await person({ name: 'X', email: 'not-an-address' }), 'email');
    assertInvalid(await person({ name: 'X', phone: '+33' }), 'phone', /not expected/);
    assertInvalid(await person({ name: 'X', bio: { fr: '' } }), 'bio.fr');

    const session = (overrides: Record<string, unknown>) => postSession(alice, event.id, { startsAt: '2019-03-30T09:00', endsAt: '2019-03-30T10:00', chairs: [people[0]], ...overrides });
    assertInvalid(await session({ talks: [{ title: { en: 'Nothing' }, speakers: [], plannedMinutes: 0 }] }), 'talks.0.plannedMinutes');
    assertInvalid(await session({ talks: [{ title: { en: 'Fraction' }, plannedMinutes: 1.5 }] }), 'talks.0.plannedMinutes');
    assertInvalid(await session({ talks: [{ speakers: [], plannedMinutes: 10 }] }), 'talks.0.title');
    assertInvalid(await session({ title: undefined }), 'title', /Required/);
    assertInvalid(await session({ type: 'party' }), 'type');
    assertInvalid(await session({ room: 'B' }), 'room', /not expected/);
    assertInvalid(await session({ chairs: ['not-a-uuid'] }), 'chairs.0');
    assertInvalid(await session({ chairs: [randomUUID()] }), 'chairs.0', /does not belong to this event/);
    assertInvalid(await session({ chairs: [people[0], elsewhere.people[0]] }), 'chairs.1', /does not belong to this event/);
    assertInvalid(await session({ chairs: [strangers.people[0]] }), 'chairs.0', /does not belong to this event/);
    assertInvalid(await session({ chairs: [people[0], people[0]] }), 'chairs');
    assertInvalid(await session({ chairs: [] }), 'chairs', /chair/);
    assertInvalid(await session({ talks: [{ title: { en: 'T' }, speakers: [people[1], strangers.people[1]], plannedMinutes: 10 }] }), 'talks.0.speakers.1', /does not belong to this event/);
    assertInvalid(await session({ type: 'round_table', panelists: [elsewhere.people[2]] }), 'panelists.0', /does not belong to this event/);
    assertInvalid(await session({ startsAt: '2019-03-30T10:00', endsAt: '2019-03-30T09:00' }), 'endsAt', /after/);
    assertInvalid(await session({ startsAt: '2019-03-30T10:00', endsAt: '2019-03-30T10:00' }), 'endsAt', /after/);
    assertInvalid(await session({ startsAt: '30/03/2019 09:00' }), 'startsAt');
    assertInvalid(await session({ startsAt: '2019-03-30T25:00' }), 'startsAt');
    // The clocks jump from 02:00 to 03:00 on 31 March 2019 in Paris: 02:30 never happens there.
    assertInvalid(await session({ startsAt: '2019-03-31T02:30', endsAt: '2019-03-31T04:00' }), 'startsAt', /does not exist/);
    // A session across the change is fine, and lasts what the clocks say.
    const acrossSpring = await createSession(alice, event.id, {
      startsAt: '2019-03-31T01:30',
      endsAt: '2019-03-31T03:30',
      chairs: [people[0]],
      talks: [{ title: { en: 'Only one hour long' }, speakers: [people[1]], plannedMinutes: 60 }],
    });
    assert.equal(acrossSpring.startsAt, '2019-03-31T01:30:00+01:00');
    assert.equal(acrossSpring.endsAt, '2019-03-31T03:30:00+02:00');
    assert.deepEqual(
      conflictsOf(await t.http().patch(`/api/events/${event.id}/sessions/${acrossSpring.id}`).set(alice.auth).send({ talks: [{ title: { en: 'x' }, plannedMinutes: 61 }] })).map((c) => c.kind),
      ['talks_exceed_session'],
      'across the spring change 01:30–03:30 lasts one hour',
    );
    const patch = (body: unknown) => t.http().patch(`/api/events/${event.id}/sessions/${acrossSpring.id}`).set(alice.auth).send(body as object);
    assertInvalid(await patch({ color: 'blue' }), 'color', /not expected/);
    assertInvalid(await patch({ endsAt: '2019-03-31T01:00' }), 'endsAt', /after/);
    assertInvalid(await patch({ chairs: [strangers.people[0]] }), 'chairs.0', /does not belong to this event/);
    assertInvalid(await patch({ chairs: [] }), 'chairs');
    assertInvalid(await patch({ talks: [{ id: randomUUID(), title: { en: 'x' }, plannedMinutes: 5 }] }), 'talks.0.id');
    assertInvalid(
      await t.http().patch(`/api/events/${event.id}`).set(alice.auth).send({ committees: { organising: [{ personId: strangers.people[0] }] } }),
      'committees.organising.0.personId',
    );
    assertInvalid(await t.http().patch(`/api/events/${event.id}`).set(alice.auth).send({ endDate: '2019-03-01' }), 'endDate');
    const unchanged = await t.http().get(`/api/events/${event.id}/sessions/${acrossSpring.id}`).set(alice.auth).expect(200);
    assert.deepEqual(unchanged.body, acrossSpring, 'refused input changed nothing');

    const base = `/api/events/${event.id}`;
    for (const [method, url] of [
      ['get', '/api/events/not-a-uuid'],
      ['patch', '/api/events/123'],
      ['delete', '/api/events/123'],
      ['post', '/api/events/123/publish'],
      ['get', '/api/events/123/people'],
      ['get', '/api/events/123/sessions'],
      ['get', `${base}/people/42`],
      ['patch', `${base}/people/42`],
      ['delete', `${base}/people/42`],
      ['get', `${base}/sessions/42`],
      ['patch', `${base}/sessions/42`],
      ['delete', `${base}/sessions/42`],
      ['get', `${base}/downloads/42`],
      ['delete', `${base}/organisers/42`],
      ['get', `${base}/people/${randomUUID()}`],
      ['get', `${base}/sessions/${randomUUID()}`],
      ['get', `/api/events/${randomUUID()}`],
    ] as const) {
      const body = method !== 'patch' ? undefined : url.includes('/people/') ? { name: 'x' } : { title: { en: 'x' } };
      const res = await call(method, url, alice.auth, body);
      assertNotFound(res, `${method.toUpperCase()} ${url}`);
    }
    for (const url of ['/api/public/events/no-such-event', '/api/public/events/x/sessions/42', '/api/public/events/x/people/42', '/api/public/events/x/downloads/42']) {
      assertNotFound(await t.http().get(url), url);
    }
    assert.deepEqual(serverErrors, []);
  });

  // --- 4. organisers only see their own events ------------------------------------

  it("keeps one organiser's event invisible to another (404, not 403), lets a co-organiser edit the programme but not own the event, and asks for a token", async () => {
    const { event, people } = await eventWithPeople(alice);
    const session = await createSession(alice, event.id, { chairs: [people[0]] });
    const base = `/api/events/${event.id}`;
    const missing = await t.http().get(`/api/events/${randomUUID()}`).set(bob.auth).expect(404);

    const attempts = [
      ['get', base, undefined],
      ['patch', base, { title: { en: 'Mine now' } }],
      ['delete', base, undefined],
      ['post', `${base}/publish`, undefined],
      ['post', `${base}/unpublish`, undefined],
      ['get', `${base}/organisers`, undefined],
      ['post', `${base}/organisers`, { email: bob.email }],
      ['get', `${base}/people`, undefined],
      ['post', `${base}/people`, { name: 'Intruder' }],
      ['get', `${base}/people/${people[0]}`, undefined],
      ['patch', `${base}/people/${people[0]}`, { name: 'Renamed' }],
      ['delete', `${base}/people/${people[3]}`, undefined],
      ['get', `${base}/sessions`, undefined],
      ['post', `${base}/sessions`, sessionInput({ startsAt: '2019-11-14T11:00', endsAt: '2019-11-14T12:00', chairs: [people[1]] })],
      ['get', `${base}/sessions/${session.id}`, undefined],
      ['patch', `${base}/sessions/${session.id}`, { title: { en: 'Hijacked' } }],
      ['delete', `${base}/sessions/${session.id}`, undefined],
    ] as const;
    for (const [method, url, body] of attempts) {
      const res = await call(method, url, bob.auth, body);
      assertNotFound(res, `another organiser: ${method.toUpperCase()} ${url}`);
      assert.equal(res.body.message, missing.body.message, 'the answer is the one for an event that does not exist');
    }
    const upload = await t.http().post(`${base}/downloads`).set(bob.auth).attach('file', Buffer.from('x'), 'x.txt').field('kind', 'other').field('title.en', 'X');
    assertNotFound(upload, 'another organiser uploading');

    const bobsList = await t.http().get('/api/events').set(bob.auth).expect(200);
    assert.ok(!bobsList.body.some((e: Json) => e.id === event.id), "another organiser's list does not show it");
    const alicesList = await t.http().get('/api/events').set(alice.auth).expect(200);
    assert.ok(alicesList.body.some((e: Json) => e.id === event.id && e.status === 'draft'));

    const intact = await t.http().get(base).set(alice.auth).expect(200);
    assert.deepEqual(intact.body.title, event.title);
    assert.equal(intact.body.status, 'draft');
    assert.deepEqual(
      intact.body.sessions.map((s: Json) => [s.id, s.title]),
      [[session.id, session.title]],
    );
    assert.equal((await t.http().get(`${base}/people`).set(alice.auth).expect(200)).body.length, 4);

    // A co-organiser added by the owner edits the programme, but the event stays the owner's.
    const coEmail = `co-${randomBytes(4).toString('hex')}@example.org`;
    const added = await t.http().post(`${base}/organisers`).set(alice.auth).send({ email: coEmail, name: 'Co Organiser', password: 'another long password' });
    assert.equal(added.status, 201, show(added));
    const co = added.body.find((o: Json) => o.email === coEmail);
    assert.equal(co.role, 'co-organiser');
    assert.deepEqual(
      added.body.map((o: Json) => o.role),
      ['owner', 'co-organiser'],
    );
    const login = await t.http().post('/api/auth/login').send({ email: coEmail, password: 'another long password' }).expect(200);
    const coAuth = { Authorization: `Bearer ${login.body.accessToken}` };

    assert.ok((await t.http().get('/api/events').set(coAuth).expect(200)).body.some((e: Json) => e.id === event.id));
    const coPerson = await t.http().post(`${base}/people`).set(coAuth).send({ name: 'Invited by the co-organiser' });
    assert.equal(coPerson.status, 201, show(coPerson));
    const coSession = await t.http().post(`${base}/sessions`).set(coAuth).send(sessionInput({ startsAt: '2019-11-14T11:00', endsAt: '2019-11-14T12:00', chairs: [coPerson.body.id] }));
    assert.equal(coSession.status, 201, show(coSession));
    const coPatch = await t.http().patch(`${base}/sessions/${session.id}`).set(coAuth).send({ title: { en: 'Edited by the co-organiser' } });
    assert.equal(coPatch.status, 200, show(coPatch));
    assert.equal((await t.http().patch(base).set(coAuth).send({ subtitle: { en: 'Edited too' } })).status, 200);

    for (const [method, url, body] of [
      ['delete', base, undefined],
      ['post', `${base}/organisers`, { email: bob.email }],
      ['delete', `${base}/organisers/${alice.id}`, undefined],
    ] as const) {
      const res = await call(method, url, coAuth, body);
      assert.equal(res.status, 403, `co-organiser: ${method.toUpperCase()} ${url}: ${show(res)}`);
      assert.equal(res.body.code, 'EVENT_OWNER_ONLY');
      assert.match(res.body.message, /owner/);
    }
    assert.equal((await t.http().get(`${base}/organisers`).set(alice.auth).expect(200)).body.length, 2, 'nobody was added');

    // Without (valid) credentials: 401 that says why.
    for (const headers of [{}, { Authorization: 'Bearer not-a-token' }, { Authorization: 'Basic YWxpY2U6c2VjcmV0' }]) {
      const res = await t.http().get('/api/events').set(headers);
      assert.equal(res.status, 401, show(res));
      assert.ok(['TOKEN_MISSING', 'TOKEN_INVALID'].includes(res.body.code), show(res));
      assert.ok(res.body.message.length > 10, 'the message says why');
    }
    const anonymous = await t.http().get(base);
    assert.equal(anonymous.status, 401);
    assert.equal(anonymous.body.code, 'TOKEN_MISSING');
    assert.match(anonymous.body.message, /sign in/i);
    assert.equal((await t.http().post(`${base}/sessions`).send(sessionInput())).status, 401);

    // Once removed, the co-organiser no longer sees the event; the owner may delete it with its programme.
    await t.http().delete(`${base}/organisers/${co.id}`).set(alice.auth).expect(204);
    assertNotFound(await t.http().get(base).set(coAuth), 'removed co-organiser');
    await t.http().delete(base).set(alice.auth).expect(204);
    assertNotFound(await t.http().get(base).set(alice.auth), 'deleted event');
  });

  // --- 5. the public sees published events only -----------------------------------

  it('shows an event publicly only while published, on every public route, and never reveals a draft', async () => {
    const { event, people } = await eventWithPeople(alice);
    const session = await createSession(alice, event.id, { chairs: [people[0]] });
    const upload = await t.http().post(`/api/events/${event.id}/downloads`).set(alice.auth).attach('file', Buffer.from('%PDF-1.4\n%%EOF\n'), 'poster.pdf').field('kind', 'poster').field('title.fr', 'Affiche');
    assert.equal(upload.status, 201, show(upload));
    const routes = [
      `/api/public/events/${event.slug}`,
      `/api/public/events/${event.slug}/programme.ics`,
      `/api/public/events/${event.slug}/programme.ics?lang=en`,
      `/api/public/events/${event.slug}/sessions/${session.id}`,
      `/api/public/events/${event.slug}/sessions/${session.id}/calendar.ics`,
      `/api/public/events/${event.slug}/people/${people[0]}`,
      `/api/public/events/${event.slug}/downloads/${upload.body.id}`,
    ];
    const neverExisted = await t.http().get(`/api/public/events/${slug('never-existed')}`).expect(404);
    const hidden = async (when: string) => {
      for (const url of routes) {
        const res = await t.http().get(url);
        assertNotFound(res, `${when}: ${url}`);
        assert.equal(res.body.message, neverExisted.body.message, 'a draft answers like an event that does not exist');
        assert.ok(!JSON.stringify(res.body).includes(event.slug) && !JSON.stringify(res.body).includes(event.id), 'nothing about the draft leaks');
      }
      const list = await t.http().get('/api/public/events').expect(200);
      assert.ok(!list.body.some((e: Json) => e.slug === event.slug || e.id === event.id), `${when}: not listed`);
    };

    await hidden('draft');
    await t.http().post(`/api/events/${event.id}/publish`).set(alice.auth).expect(200);
    for (const url of routes) assert.equal((await t.http().get(url)).status, 200, `published: ${url}`);
    assert.ok((await t.http().get('/api/public/events').expect(200)).body.some((e: Json) => e.slug === event.slug));

    const unpublished = await t.http().post(`/api/events/${event.id}/unpublish`).set(alice.auth).expect(200);
    assert.equal(unpublished.body.status, 'draft');
    assert.equal(unpublished.body.publishedAt, null);
    await hidden('unpublished');
    // The organiser still sees it.
    await t.http().get(`/api/events/${event.id}`).set(alice.auth).expect(200);
  });

  // --- 6. iCalendar ---------------------------------------------------------------

  it('writes iCalendar that parses, with UTC times right across the autumn daylight-saving change, in the requested language', async () => {
    const { event, people } = await eventWithPeople(alice, { startDate: '2019-10-26', endDate: '2019-10-28', mainLanguage: 'fr', slug: slug('dst') });
    const saturday = await createSession(alice, event.id, {
      title: { fr: 'Samedi matin', en: 'Saturday morning' },
      startsAt: '2019-10-26T09:00',
      endsAt: '2019-10-26T10:30',
      chairs: [people[0]],
    });
    // Paris goes back from 03:00 CEST to 02:00 CET on Sunday 27 October 2019: 01:00–04:00 lasts four hours.
    const night = await createSession(alice, event.id, {
      type: 'workshop',
      title: { en: 'The longest night' },
      startsAt: '2019-10-27T01:00',
      endsAt: '2019-10-27T04:00',
      chairs: [people[1]],
      talks: [{ title: { en: 'Four hours' }, speakers: [people[2]], plannedMinutes: 240 }],
    });
    const monday = await createSession(alice, event.id, { title: { fr: 'Lundi matin' }, startsAt: '2019-10-28T09:00', endsAt: '2019-10-28T10:00', chairs: [people[0]] });
    await t.http().post(`/api/events/${event.id}/publish`).set(alice.auth).expect(200);

    const pub = await t.http().get(`/api/public/events/${event.slug}`).expect(200);
    assert.deepEqual(
      pub.body.sessions.map((s: Json) => [s.startsAt, s.endsAt]),
      [
        ['2019-10-26T09:00:00+02:00', '2019-10-26T10:30:00+02:00'],
        ['2019-10-27T01:00:00+02:00', '2019-10-27T04:00:00+01:00'],
        ['2019-10-28T09:00:00+01:00', '2019-10-28T10:00:00+01:00'],
      ],
    );

    const expectedUtc = new Map([
      [saturday.id, ['2019-10-26T07:00:00.000Z', '2019-10-26T08:30:00.000Z']],
      [night.id, ['2019-10-26T23:00:00.000Z', '2019-10-27T03:00:00.000Z']],
      [monday.id, ['2019-10-28T08:00:00.000Z', '2019-10-28T09:00:00.000Z']],
    ]);
    const calendar = async (query: string) => {
      const res = await t.http().get(`/api/public/events/${event.slug}/programme.ics${query}`).expect(200);
      assert.match(res.headers['content-type'], /^text\/calendar/);
      assert.match(res.text, /^BEGIN:VCALENDAR\r\n/);
      const events = vevents(res.text);
      assert.equal(events.length, 3, res.text);
      const byId = new Map(events.map((e) => [e.uid.replace(/@amphi$/, ''), e]));
      for (const [id, [start, end]] of expectedUtc) {
        const e = byId.get(id);
        assert.ok(e, `session ${id} is in the calendar`);
        assert.equal(e.start.toISOString(), start);
        assert.equal(e.end?.toISOString(), end);
      }
      return { text: res.text, summary: (id: string) => paramText(byId.get(id)!.summary) };
    };

    const en = await calendar('?lang=en');
    assert.match(en.text, /DTSTART:20191026T070000Z/);
    assert.match(en.text, /DTSTART:20191028T080000Z/);
    assert.equal(en.summary(saturday.id), 'Saturday morning');
    assert.equal(en.summary(monday.id), 'Lundi matin', 'falls back to the main language');
    assert.equal(en.summary(night.id), 'The longest night');
    const fr = await calendar('?lang=fr');
    assert.equal(fr.summary(saturday.id), 'Samedi matin');
    assert.equal(fr.summary(night.id), 'The longest night', 'falls back to the language there is');
    const main = await calendar('');
    assert.equal(main.summary(saturday.id), 'Samedi matin', 'without lang, the main language');

    const one = await t.http().get(`/api/public/events/${event.slug}/sessions/${monday.id}/calendar.ics?lang=en`).expect(200);
    assert.match(one.headers['content-type'], /^text\/calendar/);
    const single = vevents(one.text);
    assert.equal(single.length, 1);
    assert.equal(single[0].uid, `${monday.id}@amphi`);
    assert.equal(single[0].start.toISOString(), '2019-10-28T08:00:00.000Z');
    assert.equal(paramText(single[0].summary), 'Lundi matin');

    assertInvalid(await t.http().get(`/api/public/events/${event.slug}/programme.ics?lang=de`), 'lang');
    assertInvalid(await t.http().get(`/api/public/events/${event.slug}/programme.ics?lang=en&tz=UTC`), 'tz', /not expected/);
  });

  // --- 7. a person's page ----------------------------------------------------------

  it("lists a person's sessions with their roles on their public page", async () => {
    const { event, people, names } = await eventWithPeople(alice);
    const [ada, emile, simone, marcel] = people;
    const chaired = await createSession(alice, event.id, { startsAt: '2019-11-14T09:00', endsAt: '2019-11-14T10:00', chairs: [ada] });
    const spoken = await createSession(alice, event.id, {
      startsAt: '2019-11-14T11:00',
      endsAt: '2019-11-14T12:00',
      chairs: [emile],
      talks: [
        { title: { en: 'Opening' }, speakers: [emile], plannedMinutes: 10 },
        { title: { en: 'Notes on the engine' }, speakers: [simone, ada], plannedMinutes: 30 },
      ],
    });
    const panel = await createSession(alice, event.id, { type: 'round_table', startsAt: '2019-11-15T14:00', endsAt: '2019-11-15T15:00', chairs: [simone], panelists: [ada, emile] });
    await t.http().post(`/api/events/${event.id}/publish`).set(alice.auth).expect(200);

    const page = await t.http().get(`/api/public/events/${event.slug}/people/${ada}`).expect(200);
    assert.equal(page.body.id, ada);
    assert.equal(page.body.name, names[0]);
    assert.deepEqual(emailKeys(page.body), []);
    assert.deepEqual(
      page.body.sessions.map((s: Json) => [s.id, s.roles]),
      [
        [chaired.id, ['chair']],
        [spoken.id, ['speaker']],
        [panel.id, ['panelist']],
      ],
    );
    assert.equal(page.body.sessions[0].startsAt, '2019-11-14T09:00:00+01:00');

    const emilePage = await t.http().get(`/api/public/events/${event.slug}/people/${emile}`).expect(200);
    assert.deepEqual(
      emilePage.body.sessions.map((s: Json) => [s.id, [...s.roles].sort()]),
      [
        [spoken.id, ['chair', 'speaker']],
        [panel.id, ['panelist']],
      ],
    );
    const idle = await t.http().get(`/api/public/events/${event.slug}/people/${marcel}`).expect(200);
    assert.deepEqual(idle.body.sessions, []);

    const other = await eventWithPeople(alice);
    await t.http().post(`/api/events/${other.event.id}/publish`).set(alice.auth).expect(200);
    assertNotFound(await t.http().get(`/api/public/events/${event.slug}/people/${other.people[0]}`), "a person of another event under this event's address");
  });

  // --- 8. downloads ------------------------------------------------------------------

  it('offers downloads with their kind, title, size and sha256, and serves the same bytes once published', async () => {
    const event = await createEvent(alice);
    const bytes = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.from(Array.from({ length: 256 }, (_, i) => i)), randomBytes(3000)]);
    const sha256 = createHash('sha256').update(bytes).digest('hex');

    const upload = await t.http()
      .post(`/api/events/${event.id}/downloads`)
      .set(alice.auth)
      .attach('file', bytes, { filename: 'poster-2019.pdf', contentType: 'application/pdf' })
      .field('kind', 'poster')
      .field('title.fr', 'Affiche du colloque')
      .field('title.en', 'Conference poster');
    assert.equal(upload.status, 201, show(upload));
    const download = upload.body;
    assert.equal(download.kind, 'poster');
    assert.deepEqual(download.title, { fr: 'Affiche du colloque', en: 'Conference poster' });
    assert.equal(download.fileName, 'poster-2019.pdf');
    assert.equal(download.contentType, 'application/pdf');
    assert.equal(download.size, bytes.length);
    assert.equal(download.sha256, sha256);

    const organiserView = await t.http().get(`/api/events/${event.id}`).set(alice.auth).expect(200);
    assert.deepEqual(organiserView.body.downloads, [download]);
    const asOrganiser = await t.http().get(`/api/events/${event.id}/downloads/${download.id}`).set(alice.auth).buffer(true).parse(binary).expect(200);
    assert.ok(Buffer.compare(asOrganiser.body, bytes) === 0, 'the organiser gets the draft file back');
    assertNotFound(await t.http().get(download.url), 'a draft event file');

    await t.http().post(`/api/events/${event.id}/publish`).set(alice.auth).expect(200);
    const pub = await t.http().get(`/api/public/events/${event.slug}`).expect(200);
    assert.deepEqual(
      pub.body.downloads.map((d: Json) => [d.id, d.kind, d.size, d.sha256, d.url]),
      [[download.id, 'poster', bytes.length, sha256, download.url]],
    );
    // Clients hang up as soon as they have the last byte; that is no error (fetched a few times to catch the race).
    for (let i = 0; i < 10; i++) await t.http().get(download.url).expect(200);
    const fetched = await t.http().get(download.url).buffer(true).parse(binary).expect(200);
    assert.equal(fetched.headers['content-type'], 'application/pdf');
    assert.equal(Number(fetched.headers['content-length']), bytes.length);
    assert.match(fetched.headers['content-disposition'], /poster-2019\.pdf/);
    assert.ok(Buffer.isBuffer(fetched.body));
    assert.equal(createHash('sha256').update(fetched.body).digest('hex'), sha256);
    assert.ok(Buffer.compare(fetched.body, bytes) === 0, 'the same bytes');

    const missingFile = await t.http().post(`/api/events/${event.id}/downloads`).set(alice.auth).field('kind', 'poster').field('title.en', 'No file');
    assertInvalid(missingFile, 'file');
    const badKind = await t.http().post(`/api/events/${event.id}/downloads`).set(alice.auth).attach('file', Buffer.from('x'), 'x.txt').field('kind', 'flyer').field('title.en', 'X');
    assertInvalid(badKind, 'kind');
    const noTitle = await t.http().post(`/api/events/${event.id}/downloads`).set(alice.auth).attach('file', Buffer.from('x'), 'x.txt').field('kind', 'other');
    assertInvalid(noTitle, 'title');
    assert.equal((await t.http().get(`/api/events/${event.id}`).set(alice.auth).expect(200)).body.downloads.length, 1, 'refused uploads left nothing behind');

    await t.http().delete(`/api/events/${event.id}/downloads/${download.id}`).set(alice.auth).expect(204);
    assertNotFound(await t.http().get(download.url), 'a removed file');
  });

  // --- 9. other conflicts ------------------------------------------------------------

  it('refuses to delete a person still named in the programme, and a slug another event already has (409)', async () => {
    const { event, people, names } = await eventWithPeople(alice);
    const [ada, emile, , marcel] = people;
    const session = await createSession(alice, event.id, { chairs: [ada], talks: [{ title: { en: 'Talk' }, speakers: [emile], plannedMinutes: 30 }] });
    for (const [personId, name] of [
      [ada, names[0]],
      [emile, names[1]],
    ]) {
      const res = await t.http().delete(`/api/events/${event.id}/people/${personId}`).set(alice.auth);
      assert.equal(res.status, 409, show(res));
      assert.equal(res.body.code, 'PERSON_IN_USE');
      assert.ok(res.body.message.includes(name), `the message names the person: ${res.body.message}`);
      await t.http().get(`/api/events/${event.id}/people/${personId}`).set(alice.auth).expect(200);
    }
    await t.http().delete(`/api/events/${event.id}/people/${marcel}`).set(alice.auth).expect(204);
    await t.http().delete(`/api/events/${event.id}/sessions/${session.id}`).set(alice.auth).expect(204);
    await t.http().delete(`/api/events/${event.id}/people/${ada}`).set(alice.auth).expect(204);

    const taken = await t.http().post('/api/events').set(bob.auth).send(eventInput({ slug: event.slug }));
    assert.equal(taken.status, 409, show(taken));
    assert.equal(taken.body.code, 'EVENT_SLUG_TAKEN');
    assert.deepEqual(taken.body.details, { slug: event.slug });
    assert.match(taken.body.message, /slug|address/i);
    const bobs = await createEvent(bob);
    const renamed = await t.http().patch(`/api/events/${bobs.id}`).set(bob.auth).send({ slug: event.slug });
    assert.equal(renamed.status, 409, show(renamed));
    assert.equal(renamed.body.code, 'EVENT_SLUG_TAKEN');
    assert.equal((await t.http().get(`/api/events/${bobs.id}`).set(bob.auth).expect(200)).body.slug, bobs.slug);
  });

  // --- 10. concurrency -------------------------------------------------------------------

  it('lets exactly one of ten simultaneous overlapping sessions in', async () => {
    const event = await createEvent(alice);
    const chairs: string[] = [];
    for (let i = 0; i < 10; i++) chairs.push((await addPerson(alice, event.id, { name: `Chair ${i}` })).id);
    const results = await Promise.all(
      chairs.map((chair, i) =>
        postSession(alice, event.id, {
          stage: 'main',
          title: { en: `Candidate ${i}` },
          startsAt: `2019-11-14T09:${String(i * 3).padStart(2, '0')}`,
          endsAt: `2019-11-14T10:${String(i * 3).padStart(2, '0')}`,
          chairs: [chair],
        }),
      ),
    );
    const statuses = results.map((r) => r.status).sort();
    assert.deepEqual(statuses, [201, ...Array(9).fill(409)], results.map(show).join('\n'));
    const winner = results.find((r) => r.status === 201)!.body;
    for (const loser of results.filter((r) => r.status === 409)) {
      assert.deepEqual(
        conflictsOf(loser).map((c) => [c.kind, c.otherSessionId]),
        [['stage_overlap', winner.id]],
      );
    }
    const programme = await t.http().get(`/api/events/${event.id}/sessions`).set(alice.auth).expect(200);
    assert.deepEqual(
      programme.body.map((s: Json) => [s.id, s.title]),
      [[winner.id, winner.title]],
    );
  });

  it('answered no request of this file with a server error, and logged no error', () => {
    assert.deepEqual(serverErrors, []);
    assert.deepEqual(loggedErrors, []);
  });
});
