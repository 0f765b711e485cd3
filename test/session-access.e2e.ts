import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DataSource, type QueryRunner } from 'typeorm';
import type { Test } from 'supertest';
import { ErrorCode, type LiveJoinView, type LiveStateView } from '@amphi/contracts';
import { DomainEvents, type DomainEventMap, type DomainEventName } from '../apps/api/src/domain-events/domain-events';
import { startTestApp, type TestApp } from './support/harness';
import { linkToken, startMailCatcher, type MailCatcher } from './support/mail-catcher';
import { createLiveEvent, utcWallTime } from './support/live-event';
import { startLiveKit, type LiveKitServer } from './support/livekit';

type Auth = { Authorization: string };
const bearer = (token: string): Auth => ({ Authorization: `Bearer ${token}` });

/**
 * The session-access policy through the public surface: every role gets its capabilities on the
 * live room's and the recorder's endpoints, nothing outside its scope, and refusals carry their
 * precise code. Against a real livekit-server; recording is configured off (no egress worker here).
 */
describe('session access: who may do what in a session', () => {
  let t: TestApp;
  let smtp: MailCatcher;
  let lk: LiveKitServer;
  let owner: Auth;
  const published: Array<{ name: DomainEventName; event: DomainEventMap[DomainEventName] }> = [];

  before(async () => {
    smtp = await startMailCatcher();
    lk = await startLiveKit({ logLevel: 'error' });
    t = await startTestApp({
      SMTP_URL: smtp.url,
      // The outbox is woken when a mail is queued; no polling, so that the query count below sees only the request.
      MAIL_POLL_MS: '600000',
      REALTIME_ADAPTER: 'memory',
      LIVEKIT_URL: lk.url,
      LIVEKIT_API_KEY: lk.apiKey,
      LIVEKIT_API_SECRET: lk.apiSecret,
      RECORDING_EGRESS: 'disabled',
      RATE_LIMIT_REGISTRATION_PER_IP: '100000',
      RATE_LIMIT_ACCESS_PER_IP: '100000',
    });
    owner = (await t.organiser()).auth;
    const bus = t.app.get(DomainEvents);
    for (const name of ['session.went-live', 'session.ended', 'session.reopened', 'session.participant-removed', 'session.hand-taken', 'registration.ended', 'recording.changed'] as const)
      bus.on(name, (event) => void published.push({ name, event }));
  });
  after(async () => {
    await t.close();
    await lk.stop();
    await smtp.close();
  });

  const post = (path: string, auth: Auth, body: object = {}) => t.http().post(path).set(auth).send(body);
  const live = (sessionId: string) => ({
    join: (auth: Auth) => post(`/api/sessions/${sessionId}/live/join`, auth),
    goLive: (auth: Auth) => post(`/api/sessions/${sessionId}/live/go-live`, auth),
    end: (auth: Auth) => post(`/api/sessions/${sessionId}/live/end`, auth),
    reopen: (auth: Auth) => post(`/api/sessions/${sessionId}/live/reopen`, auth),
    record: (auth: Auth) => post(`/api/sessions/${sessionId}/recording/start`, auth),
    state: (auth: Auth) => t.http().get(`/api/sessions/${sessionId}/live`).set(auth),
  });
  const refused = async (req: Test, status: number, code: string) => {
    const res = await req;
    assert.deepEqual([res.status, res.body.code], [status, code], `${req.url}: ${JSON.stringify(res.body)}`);
    return res.body as { message: string; details: Record<string, unknown> };
  };
  const eventsNamed = <K extends DomainEventName>(name: K, sessionId: string) =>
    published.filter((p) => p.name === name && (p.event as { sessionId?: string }).sessionId === sessionId).map((p) => p.event as DomainEventMap[K]);

  /** A round table running now with a panelist (invited alone, so that the other links stay valid). */
  async function roundTable(ev: Awaited<ReturnType<typeof createLiveEvent>>) {
    const paula = (await t.http().post(`/api/events/${ev.id}/people`).set(owner).send({ name: 'Paula Panel', email: `paula-${ev.slug}@example.org` }).expect(201)).body;
    const chair = (await t.http().post(`/api/events/${ev.id}/people`).set(owner).send({ name: 'Theo Table' }).expect(201)).body;
    const session = (
      await t
        .http()
        .post(`/api/events/${ev.id}/sessions`)
        .set(owner)
        .send({ type: 'round_table', title: { en: 'Panel now' }, stage: 'room 4', startsAt: utcWallTime(-10), endsAt: utcWallTime(80), chairs: [chair.id], panelists: [paula.id] })
        .expect(201)
    ).body;
    await t.http().post(`/api/events/${ev.id}/invitations`).set(owner).send({ personIds: [paula.id] }).expect(200);
    const token = (await t.http().post('/api/access').send({ token: linkToken(await smtp.waitFor(paula.email)) }).expect(200)).body.accessToken as string;
    return { id: session.id as string, panelist: bearer(token) };
  }

  it('gives each role its capabilities on join, go-live, end, reopen and recording, and tells the other features what happened', async () => {
    const ev = await createLiveEvent(t, smtp, owner);
    const room = live(ev.live);
    const chair = bearer(await ev.chairToken());
    const speaker = bearer(await ev.speakerToken());
    const ada = await ev.attendee('Ada Roles');
    const attendee = bearer(ada.token);

    // Backstage: organisers (hidden), chairs and speakers enter; attendees are told when the doors open.
    const asOrganiser = (await room.join(owner).expect(200)).body as LiveJoinView;
    assert.deepEqual([asOrganiser.role, asOrganiser.hidden, asOrganiser.canPublish], ['organiser', true, false]);
    const asChair = (await room.join(chair).expect(200)).body as LiveJoinView;
    assert.deepEqual([asChair.role, asChair.canPublish], ['chair', true]);
    const asSpeaker = (await room.join(speaker).expect(200)).body as LiveJoinView;
    assert.deepEqual([asSpeaker.role, asSpeaker.canPublish], ['speaker', true]);
    const notOpen = await refused(room.join(attendee), 403, ErrorCode.LiveNotOpen);
    assert.equal(notOpen.details.opensAt, asChair.live.doorsOpenAt);
    assert.equal(notOpen.details.state, 'backstage');

    // A panelist of a round table enters it and speaks, but does not run it.
    const panel = await roundTable(ev);
    const asPanelist = (await live(panel.id).join(panel.panelist).expect(200)).body as LiveJoinView;
    assert.deepEqual([asPanelist.role, asPanelist.canPublish], ['panelist', true]);
    await refused(live(panel.id).goLive(panel.panelist), 403, ErrorCode.NotAllowed);
    await refused(live(panel.id).record(panel.panelist), 403, ErrorCode.NotAllowed);

    // Only chairs and organisers run the room and record.
    for (const who of [speaker, attendee]) {
      await refused(room.goLive(who), 403, ErrorCode.NotAllowed);
      await refused(room.end(who), 403, ErrorCode.NotAllowed);
      await refused(room.reopen(who), 403, ErrorCode.NotAllowed);
      await refused(room.record(who), 403, ErrorCode.NotAllowed);
    }
    // They may record, but this server has no recording service: said at once, and nothing is left behind.
    for (const who of [chair, owner]) {
      const startedAt = Date.now();
      const unavailable = await refused(room.record(who), 503, ErrorCode.RecordingUnavailable);
      assert.ok(Date.now() - startedAt < 3000, 'answers without waiting for LiveKit');
      assert.match(unavailable.message, /cannot record live sessions/);
    }
    assert.deepEqual((await t.http().get(`/api/events/${ev.id}/recordings?sessionId=${ev.live}`).set(owner).expect(200)).body, []);

    // The chair goes live: attendees enter (subscribe only); the other features are told.
    const wentLive = (await room.goLive(chair).expect(200)).body as LiveStateView;
    assert.deepEqual([wentLive.state, wentLive.reopenableUntil], ['live', null]);
    assert.equal(eventsNamed('session.went-live', ev.live).at(-1)?.live.state, 'live');
    const asAttendee = (await room.join(attendee).expect(200)).body as LiveJoinView;
    assert.deepEqual([asAttendee.role, asAttendee.canPublish, asAttendee.hidden], ['attendee', false, false]);

    // The end: once. Attendees are told it ended; a chair may reopen it until its closing time.
    const ended = (await room.end(chair).expect(200)).body as LiveStateView;
    assert.equal(ended.state, 'ended');
    assert.ok(ended.endedAt);
    assert.equal(ended.reopenableUntil, ended.closesAt);
    assert.equal(eventsNamed('session.ended', ev.live).at(-1)?.live.state, 'ended');
    const twice = await refused(room.end(owner), 409, ErrorCode.LiveEnded);
    assert.equal(twice.details.reopenableUntil, ended.closesAt);
    const closed = await refused(room.join(attendee), 403, ErrorCode.LiveEnded);
    assert.equal(closed.details.reopenableUntil, ended.closesAt);
    assert.equal(((await room.state(attendee).expect(200)).body as LiveStateView).reopenableUntil, ended.closesAt);

    // Reopened (by mistake it ended): live again, people come back in; reopening a live session is a conflict.
    const reopened = (await room.reopen(chair).expect(200)).body as LiveStateView;
    assert.deepEqual([reopened.state, reopened.endedAt, reopened.reopenableUntil], ['live', null, null]);
    assert.equal(eventsNamed('session.reopened', ev.live).at(-1)?.live.state, 'live');
    await room.join(attendee).expect(200);
    await refused(room.reopen(owner), 409, ErrorCode.LiveNotEnded);

    // The personal space lists each session with one's role in it.
    const roles = async (auth: Auth) => Object.fromEntries(((await t.http().get('/api/me').set(auth).expect(200)).body.sessions as Array<{ id: string; role: string | null }>).map((s) => [s.id, s.role]));
    assert.deepEqual(await roles(chair), { [ev.live]: 'chair', [ev.other]: null, [ev.soon]: null, [ev.later]: null, [panel.id]: null });
    assert.deepEqual(await roles(panel.panelist), { [ev.live]: null, [ev.other]: null, [ev.soon]: null, [ev.later]: null, [panel.id]: 'panelist' });
    assert.deepEqual(Object.values(await roles(attendee)), ['attendee', 'attendee', 'attendee', 'attendee', 'attendee']);
    assert.equal((await t.http().get(`/api/me/sessions/${ev.live}`).set(speaker).expect(200)).body.role, 'speaker');
  });

  it('is scoped: a chair of one session has nothing in another, an attendee or organiser of one event nothing in another (404)', async () => {
    const ev = await createLiveEvent(t, smtp, owner);
    const elsewhere = await createLiveEvent(t, smtp, owner);
    const otherChair = bearer(await ev.otherChairToken());
    const ada = bearer((await ev.attendee('Ada Scoped')).token);

    // Robert chairs the round table, not the plenary.
    for (const action of ['join', 'goLive', 'end', 'reopen', 'record'] as const) {
      const body = await refused(live(ev.live)[action](otherChair), 403, ErrorCode.NoSessionRole);
      assert.match(body.message, /no role in this session/);
    }
    await refused(t.http().get(`/api/me/sessions/${ev.live}`).set(otherChair), 403, ErrorCode.NoSessionRole);
    await live(ev.other).goLive(otherChair).expect(200);

    // Another event's sessions do not exist for this event's attendee; another event's organiser sees none of these.
    for (const action of ['join', 'goLive', 'end', 'reopen', 'record'] as const) await refused(live(elsewhere.live)[action](ada), 404, ErrorCode.NotFound);
    await refused(t.http().get(`/api/me/sessions/${elsewhere.live}`).set(ada), 404, ErrorCode.NotFound);
    const stranger = (await t.organiser()).auth;
    for (const action of ['join', 'goLive', 'end', 'reopen', 'record'] as const) await refused(live(ev.live)[action](stranger), 404, ErrorCode.NotFound);
    await refused(live('not-a-session').join(ada), 404, ErrorCode.NotFound);
  });

  it('refuses a removed attendee everything in that session (REMOVED_FROM_SESSION), not in the others', async () => {
    const ev = await createLiveEvent(t, smtp, owner);
    const chair = bearer(await ev.chairToken());
    const ada = await ev.attendee('Ada Removed');
    await live(ev.live).goLive(chair).expect(200);
    await live(ev.live).join(bearer(ada.token)).expect(200);

    await post(`/api/sessions/${ev.live}/live/remove`, chair, { identity: ada.identity, reason: 'Off-topic heckling' }).expect(200);
    assert.deepEqual(eventsNamed('session.participant-removed', ev.live).at(-1), { sessionId: ev.live, identity: ada.identity, reason: 'Off-topic heckling' });
    const removed = await refused(live(ev.live).join(bearer(ada.token)), 403, ErrorCode.RemovedFromSession);
    assert.equal(removed.details.reason, 'Off-topic heckling');
    assert.match(removed.message, /removed you from this session: “Off-topic heckling”/);
    // The other session of the event is not concerned: its room is simply not open yet.
    await refused(live(ev.other).join(bearer(ada.token)), 403, ErrorCode.LiveNotOpen);
  });

  it('ends access at once: a waiting list has no role yet; a cancelled registration is refused on its very next call', async () => {
    const ev = await createLiveEvent(t, smtp, owner);
    const chair = bearer(await ev.chairToken());
    await live(ev.live).goLive(chair).expect(200);
    const ada = await ev.attendee('Ada Cancels');
    const confirmed = (await t.http().get(`/api/events/${ev.id}/registrations`).set(owner).expect(200)).body.counts.confirmed as number;
    await t.http().patch(`/api/events/${ev.id}`).set(owner).send({ registration: { capacity: confirmed } }).expect(200);
    const wendy = await ev.attendee('Wendy Waiting');
    const waiting = await refused(live(ev.live).join(bearer(wendy.token)), 403, ErrorCode.NoSessionRole);
    assert.equal(waiting.details.reason, 'waitlisted');
    assert.match(waiting.message, /waiting list/);

    await live(ev.live).join(bearer(ada.token)).expect(200);
    await t.http().post('/api/me/registration/cancel').set(bearer(ada.token)).expect(200);
    assert.deepEqual(published.find((p) => p.name === 'registration.ended' && (p.event as DomainEventMap['registration.ended']).registrationId === ada.identity.slice(2))?.event, {
      eventId: ev.id,
      registrationId: ada.identity.slice(2),
      reason: 'cancelled',
    });
    const cancelled = await refused(live(ev.live).join(bearer(ada.token)), 401, ErrorCode.LinkRevoked);
    assert.match(cancelled.message, /cancelled/);
    // Her seat went to Wendy, whose new link (in the e-mail saying so) now lets her in.
    const first = await smtp.waitFor(wendy.email);
    const promoted = await smtp.waitFor(wendy.email, (m) => m !== first);
    const wendyNow = (await t.http().post('/api/access').send({ token: linkToken(promoted) }).expect(200)).body.accessToken as string;
    await live(ev.live).join(bearer(wendyNow)).expect(200);
  });

  it('lets a chair reopen only until the session’s closing time (REOPEN_WINDOW_PASSED after it)', async () => {
    const ev = await createLiveEvent(t, smtp, owner);
    const chair = bearer(await ev.chairToken());
    const chairId = (await t.http().get('/api/me').set(chair).expect(200)).body.person.id as string;
    // A session that ended three hours ago: its closing time (the end plus LIVE_OVERRUN_MINUTES, 60) is long past.
    const past = (
      await t
        .http()
        .post(`/api/events/${ev.id}/sessions`)
        .set(owner)
        .send({ type: 'plenary', title: { en: 'This morning' }, stage: 'room 9', startsAt: utcWallTime(-300), endsAt: utcWallTime(-180), chairs: [chairId] })
        .expect(201)
    ).body;
    await refused(live(past.id).end(chair), 409, ErrorCode.LiveEnded);
    // Even one the chair ended (in its own time): too late now.
    await t.app.get(DataSource).query(`INSERT INTO live_room (session_id, state, ended_at) VALUES ($1, 'ended', now() - interval '200 minutes')`, [past.id]);
    const state = (await live(past.id).state(chair).expect(200)).body as LiveStateView;
    assert.deepEqual([state.state, state.reopenableUntil], ['ended', null]);
    const late = await refused(live(past.id).reopen(chair), 409, ErrorCode.ReopenWindowPassed);
    assert.equal(late.details.reopenableUntil, state.closesAt);
    assert.match(late.message, /can no longer be reopened/);
    await refused(live(past.id).join(chair), 403, ErrorCode.LiveEnded);
  });

  it('an organiser who chairs the session (a chair of the programme with their e-mail) joins as its chair, visible and publishing; others stay hidden', async () => {
    const suffix = Date.now().toString(36);
    const camille = await t.organiser(`camille.${suffix}@example.org`);
    const ev = await createLiveEvent(t, smtp, camille.auth);
    const addPerson = async (name: string, email: string) => (await t.http().post(`/api/events/${ev.id}/people`).set(camille.auth).send({ name, email }).expect(201)).body as { id: string };
    // Camille is in the programme under her account's e-mail, written otherwise (compared case-insensitively);
    // an organiser of another event is there too under his.
    const stranger = await t.organiser(`stranger.${suffix}@example.org`);
    const asChair = await addPerson('Camille Chair', camille.email.toUpperCase());
    const strangerChair = await addPerson('Stranger Chair', stranger.email);
    await t.http().patch(`/api/events/${ev.id}/sessions/${ev.live}`).set(camille.auth).send({ chairs: [asChair.id, strangerChair.id] }).expect(200);
    const grantOf = (token: string) => (JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as { video: Record<string, unknown> }).video;

    // She chairs it: the chair's grant, under her account's key (one identity in the Q&A, the room and attendance).
    const joined = (await live(ev.live).join(camille.auth).expect(200)).body as LiveJoinView;
    assert.deepEqual([joined.role, joined.identity, joined.canPublish, joined.hidden], ['chair', `o:${camille.id}`, true, false]);
    const grant = grantOf(joined.participantToken);
    assert.deepEqual([grant.canPublish, grant.roomAdmin, grant.hidden ?? false], [true, true, false]);
    assert.deepEqual(grant.canPublishSources, ['camera', 'microphone', 'screen_share', 'screen_share_audio']);
    await live(ev.live).goLive(camille.auth).expect(200);

    // In a session she does not chair, she watches hidden as before; so does a co-organiser in hers.
    const elsewhere = (await live(ev.other).join(camille.auth).expect(200)).body as LiveJoinView;
    assert.deepEqual([elsewhere.role, elsewhere.canPublish, elsewhere.hidden], ['organiser', false, true]);
    const coEmail = `co.${suffix}@example.org`;
    await t.http().post(`/api/events/${ev.id}/organisers`).set(camille.auth).send({ email: coEmail, name: 'Co Organiser', password: 'another long password' }).expect(201);
    const co = bearer((await t.http().post('/api/auth/login').send({ email: coEmail, password: 'another long password' }).expect(200)).body.accessToken);
    const hidden = (await live(ev.live).join(co).expect(200)).body as LiveJoinView;
    assert.deepEqual([hidden.role, hidden.canPublish, hidden.hidden], ['organiser', false, true]);
    const hiddenGrant = grantOf(hidden.participantToken);
    assert.deepEqual([hiddenGrant.canPublish, hiddenGrant.hidden, hiddenGrant.roomAdmin ?? false], [false, true, false]);
    // The organiser of another event gets nothing, even named among the chairs under his e-mail.
    await refused(live(ev.live).join(stranger.auth), 404, ErrorCode.NotFound);
    // The chairing organiser keeps an organiser's rights: she may remove the co-organiser, whom a chair could not.
    await post(`/api/sessions/${ev.live}/live/remove`, camille.auth, { identity: hidden.identity }).expect(200);
    await refused(live(ev.live).join(co), 403, ErrorCode.RemovedFromSession);
  });

  it('decides an attendee’s join in one database query (the policy’s), then signs the token', async () => {
    const ev = await createLiveEvent(t, smtp, owner);
    await live(ev.live).goLive(bearer(await ev.chairToken())).expect(200);
    const ada = bearer((await ev.attendee('Ada Counted')).token);
    await live(ev.live).join(ada).expect(200); // warm: the first request of a connection may prepare things

    const db = t.app.get(DataSource);
    const statements: string[] = [];
    const createQueryRunner = db.createQueryRunner.bind(db);
    db.createQueryRunner = (...args: Parameters<DataSource['createQueryRunner']>): QueryRunner => {
      const runner = createQueryRunner(...args);
      const query = runner.query.bind(runner);
      runner.query = ((sql: string | { text: string }, ...rest: unknown[]) => {
        statements.push(typeof sql === 'string' ? sql : sql.text); // the facts query is a named statement
        return (query as (...a: unknown[]) => Promise<unknown>)(sql, ...rest);
      }) as QueryRunner['query'];
      return runner;
    };
    try {
      const joined = (await live(ev.live).join(ada).expect(200)).body as LiveJoinView;
      assert.equal(joined.role, 'attendee');
    } finally {
      db.createQueryRunner = createQueryRunner;
    }
    assert.equal(statements.length, 1, statements.join('\n---\n'));
    assert.match(statements[0], /personal_link/, 'the link check is in the same query');
  });
});
