import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { AccessToken, RoomServiceClient, TokenVerifier } from 'livekit-server-sdk';
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join as joinPath } from 'node:path';
import { APP_CONFIG, type AppConfig } from '../apps/api/src/config/config';
import { DataSource } from 'typeorm';
import { ErrorCode, type LiveJoinView } from '@amphi/contracts';
import { startTestApp, type TestApp } from './support/harness';
import { startMailCatcher, type MailCatcher } from './support/mail-catcher';
import { connectQa } from './support/qa-client';
import { createLiveEvent } from './support/live-event';
import { startLiveKit, type LiveKitServer } from './support/livekit';
import { freePort } from './support/ports';
import { RtcParticipant } from './support/rtc';
import { once, until, within } from './support/wait';
import { DisconnectReason, RoomEvent, dispose } from '@livekit/rtc-node';

type Auth = { Authorization: string };
const bearer = (token: string): Auth => ({ Authorization: `Bearer ${token}` });

describe('live rooms against a real livekit-server', () => {
  let t: TestApp;
  let smtp: MailCatcher;
  let lk: LiveKitServer;
  let owner: Auth;

  before(async () => {
    smtp = await startMailCatcher();
    const port = await freePort();
    lk = await startLiveKit({ webhookUrls: [`http://127.0.0.1:${port}/api/livekit/webhook`], departureTimeout: 1, logLevel: 'error' });
    t = await startTestApp(
      {
        SMTP_URL: smtp.url,
        MAIL_POLL_MS: '50',
        LIVEKIT_URL: lk.url,
        LIVEKIT_API_KEY: lk.apiKey,
        LIVEKIT_API_SECRET: lk.apiSecret,
        RATE_LIMIT_REGISTRATION_PER_IP: '100000',
        RATE_LIMIT_ACCESS_PER_IP: '100000',
        RECORDING_EGRESS_TIMEOUT_SECONDS: '1',
      },
      undefined,
      { port },
    );
    owner = (await t.organiser()).auth;
  });
  after(async () => {
    await dispose(); // rtc-node's native side, or the test process would not exit
    await t.close();
    await lk.stop();
    await smtp.close();
  });

  const join = (sessionId: string, auth?: Auth) => {
    const req = t.http().post(`/api/sessions/${sessionId}/live/join`);
    return auth ? req.set(auth) : req;
  };
  const claims = async (view: LiveJoinView) => new TokenVerifier(lk.apiKey, lk.apiSecret).verify(view.participantToken);

  it('gives each role its least grant, inside its time window, and tells everyone when the chair goes live and ends', async () => {
    const ev = await createLiveEvent(t, smtp, owner);
    const ada = await ev.attendee('Ada Watcher');
    const chairAuth = bearer(await ev.chairToken());

    // Backstage is open (the session started ten minutes ago and nobody went live): attendees wait, told when.
    const waiting = await join(ev.live, bearer(ada.token)).expect(403);
    assert.equal(waiting.body.code, ErrorCode.LiveNotOpen);
    assert.equal(waiting.body.details.state, 'backstage');
    assert.match(waiting.body.message, /not open yet: it opens on/);

    // The chair: publishes camera, microphone and screen, administers the room; a short-lived token for one room.
    const chair = (await join(ev.live, chairAuth).expect(200)).body as LiveJoinView;
    assert.equal(chair.serverUrl, lk.url);
    assert.equal(chair.role, 'chair');
    const chairClaims = await claims(chair);
    assert.equal(chairClaims.sub, chair.identity);
    assert.match(chair.identity, /^p:/);
    assert.equal(chairClaims.name, 'Eve Gardien');
    assert.equal(JSON.parse(chairClaims.metadata!).role, 'chair');
    assert.deepEqual([chairClaims.video?.room, chairClaims.video?.roomJoin, chairClaims.video?.canPublish, chairClaims.video?.roomAdmin], [`session-${ev.live}`, true, true, true]);
    assert.ok(chairClaims.exp! - chairClaims.nbf! <= 600 || chairClaims.exp! - Math.floor(Date.now() / 1000) <= 600, 'lives at most ten minutes');
    assert.ok(Date.parse(chair.expiresAt) - Date.now() <= 600_000);

    const speaker = (await join(ev.live, bearer(await ev.speakerToken())).expect(200)).body as LiveJoinView;
    const speakerClaims = await claims(speaker);
    assert.deepEqual([speakerClaims.video?.canPublish, speakerClaims.video?.roomAdmin ?? false], [true, false]);

    const organiser = (await join(ev.live, owner).expect(200)).body as LiveJoinView;
    const organiserClaims = await claims(organiser);
    assert.deepEqual([organiserClaims.video?.hidden, organiserClaims.video?.canPublish, organiserClaims.video?.canPublishData], [true, false, false]);

    // Only this session's chairs (and organisers) go live; the Q&A channel tells everyone following it.
    const follower = await connectQa(t.baseUrl, { token: ada.token });
    try {
      await follower.ok('session:join', { sessionId: ev.live });
      await t.http().post(`/api/sessions/${ev.live}/live/go-live`).set(bearer(ada.token)).expect(403);
      await t.http().post(`/api/sessions/${ev.live}/live/go-live`).set(bearer(await ev.otherChairToken())).expect(403);
      const live = (await t.http().post(`/api/sessions/${ev.live}/live/go-live`).set(chairAuth).expect(200)).body;
      assert.equal(live.state, 'live');
      assert.ok(live.wentLiveAt);
      assert.equal((await follower.waitFor('live', (e) => e.live.state === 'live')).sessionId, ev.live);
      await t.http().post(`/api/sessions/${ev.live}/live/go-live`).set(chairAuth).expect(409);

      // Now the attendee enters: subscribe only, no publishing, no data.
      const attendee = (await join(ev.live, bearer(ada.token)).expect(200)).body as LiveJoinView;
      assert.deepEqual([attendee.role, attendee.identity, attendee.canPublish], ['attendee', ada.identity, false]);
      const attendeeClaims = await claims(attendee);
      assert.deepEqual([attendeeClaims.video?.canSubscribe, attendeeClaims.video?.canPublish, attendeeClaims.video?.canPublishData], [true, false, false]);

      // The end, for everyone: nobody gets a token after it.
      const ended = (await t.http().post(`/api/sessions/${ev.live}/live/end`).set(chairAuth).expect(200)).body;
      assert.equal(ended.state, 'ended');
      await follower.waitFor('live', (e) => e.live.state === 'ended');
      const closed = await join(ev.live, bearer(ada.token)).expect(403);
      assert.match(closed.body.message, /ended/);
      await join(ev.live, chairAuth).expect(403);
    } finally {
      follower.close();
    }
  });

  it('opens backstage and the doors at their times, and says when', async () => {
    const ev = await createLiveEvent(t, smtp, owner);
    const ada = await ev.attendee('Ada Early');
    const anne = bearer(await ev.laterChairToken());
    // In 20 minutes: backstage is open (30 minutes before), the doors are not (10 minutes before).
    const backstage = (await join(ev.soon, anne).expect(200)).body as LiveJoinView;
    assert.equal(backstage.live.state, 'backstage');
    const early = await join(ev.soon, bearer(ada.token)).expect(403);
    assert.equal(early.body.details.opensAt, backstage.live.doorsOpenAt);
    const tooEarly = await t.http().post(`/api/sessions/${ev.soon}/live/go-live`).set(anne).expect(409);
    assert.match(tooEarly.body.message, /doors open/);
    // In three hours: not even backstage.
    const scheduled = await join(ev.later, anne).expect(403);
    assert.equal(scheduled.body.details.state, 'scheduled');
    assert.ok(Date.parse(scheduled.body.details.opensAt) > Date.now());
    // Organisers may always look in, hidden.
    assert.equal(((await join(ev.later, owner).expect(200)).body as LiveJoinView).hidden, true);
  });

  it('refuses with the reason: no token, a forged one, an unknown session, another event, no role, a cancelled attendee', async () => {
    const ev = await createLiveEvent(t, smtp, owner);
    const elsewhere = await createLiveEvent(t, smtp, owner);
    const ada = await ev.attendee('Ada Refused');
    await t.http().post(`/api/sessions/${ev.live}/live/go-live`).set(bearer(await ev.chairToken())).expect(200);

    assert.equal((await join(ev.live).expect(401)).body.code, ErrorCode.TokenMissing);
    await join(ev.live, { Authorization: 'Bearer forged.token.value' }).expect(401);
    await join('7a1c2f4e-0000-4000-8000-000000000000', bearer(ada.token)).expect(404);
    await join('not-an-id', bearer(ada.token)).expect(404);
    await join(elsewhere.live, bearer(ada.token)).expect(404);
    const stranger = await t.organiser();
    await join(ev.live, stranger.auth).expect(404);
    await t.http().post(`/api/sessions/${ev.live}/live/end`).set(stranger.auth).expect(404);
    // A second organiser of the event (a co-organiser) watches hidden and may run the room.
    const coEmail = `co-${Date.now().toString(36)}@example.org`;
    await t.http().post(`/api/events/${ev.id}/organisers`).set(owner).send({ email: coEmail, name: 'Co Organiser', password: 'another long password' }).expect(201);
    const coLogin = await t.http().post('/api/auth/login').send({ email: coEmail, password: 'another long password' }).expect(200);
    const co = bearer(coLogin.body.accessToken);
    const coJoin = (await join(ev.live, co).expect(200)).body as LiveJoinView;
    assert.deepEqual([coJoin.role, coJoin.hidden], ['organiser', true]);
    assert.equal((await t.http().get(`/api/sessions/${ev.live}/live/room`).set(co).expect(200)).body.live.state, 'live');
    const noRole = await join(ev.live, bearer(await ev.otherChairToken())).expect(403);
    assert.match(noRole.body.message, /no role in this session/);
    // An attendee cannot run the room.
    await t.http().post(`/api/sessions/${ev.live}/live/stage`).set(bearer(ada.token)).send({ identity: ada.identity }).expect(403);
    await t.http().post(`/api/sessions/${ev.live}/live/stage`).set(bearer(await ev.chairToken())).send({ identity: 'someone' }).expect(422);
    // Cancelled: the link (and so the access token) stops working.
    await t.http().post('/api/me/registration/cancel').set(bearer(ada.token)).expect(200);
    const cancelled = await join(ev.live, bearer(ada.token)).expect(401);
    assert.match(cancelled.body.message, /cancel/i);
  });

  it('with real participants: the attendee cannot publish, is invited on stage and can, is taken off, muted, removed for good; webhooks become attendance', { timeout: 120_000 }, async () => {
    const ev = await createLiveEvent(t, smtp, owner);
    const ada = await ev.attendee('Ada Onstage');
    const chairAuth = bearer(await ev.chairToken());
    const db = t.app.get(DataSource);
    const speaker = new RtcParticipant();
    const attendee = new RtcParticipant();
    const chairChannel = await connectQa(t.baseUrl, { token: chairAuth.Authorization.slice(7) });
    const adaChannel = await connectQa(t.baseUrl, { token: ada.token });
    try {
      // Backstage: the speaker enters and publishes.
      const speakerJoin = (await join(ev.live, bearer(await ev.speakerToken())).expect(200)).body as LiveJoinView;
      await speaker.connect(speakerJoin.serverUrl, speakerJoin.participantToken);
      const speakerTrack = await speaker.publishMicrophone();
      await t.http().post(`/api/sessions/${ev.live}/live/go-live`).set(chairAuth).expect(200);

      // The attendee enters and hears the speaker.
      const adaJoin = (await join(ev.live, bearer(ada.token)).expect(200)).body as LiveJoinView;
      const heard = once(attendee.room, RoomEvent.TrackSubscribed, 15_000, (_track: unknown, publication: { sid?: string }) => publication.sid === speakerTrack.sid);
      await attendee.connect(adaJoin.serverUrl, adaJoin.participantToken);
      await heard;
      assert.equal(attendee.canPublish, false);

      // The server itself refuses the attendee's attempt to publish (rtc-node gives up after its 10 s timeout).
      await assert.rejects(attendee.publishMicrophone('not allowed'), /timed out|not allowed|permission/i);
      const before = (await t.http().get(`/api/sessions/${ev.live}/live/room`).set(chairAuth).expect(200)).body;
      const adaSeen = before.participants.find((p: { identity: string }) => p.identity === ada.identity);
      assert.deepEqual([adaSeen.onStage, adaSeen.tracks.length, adaSeen.role], [false, 0, 'attendee']);
      await t.http().get(`/api/sessions/${ev.live}/live/room`).set(bearer(ada.token)).expect(403);

      // Ada raises her hand; the chair invites her on stage: her hand leaves the queue, she may publish.
      await chairChannel.ok('session:join', { sessionId: ev.live });
      await adaChannel.ok('session:join', { sessionId: ev.live });
      await adaChannel.ok('hand:raise', { sessionId: ev.live });
      await chairChannel.waitFor('hands', (e) => e.hands.some((h) => h.participantKey === ada.identity));
      await t.http().post(`/api/sessions/${ev.live}/live/stage`).set(chairAuth).send({ identity: ada.identity }).expect(200);
      await chairChannel.waitFor('hands', (e) => e.hands.length === 0);
      await until('Ada may publish', 5000, () => attendee.canPublish);
      const adaTrack = await attendee.publishMicrophone('on stage');
      await until('the speaker hears Ada', 10_000, () => [...(speaker.room.remoteParticipants.get(ada.identity)?.trackPublications.keys() ?? [])].includes(adaTrack.sid!));
      const onStage = (await t.http().get(`/api/sessions/${ev.live}/live/room`).set(chairAuth).expect(200)).body;
      const adaOnStage = onStage.participants.find((p: { identity: string }) => p.identity === ada.identity);
      assert.deepEqual([adaOnStage.onStage, adaOnStage.tracks.map((tr: { source: string }) => tr.source)], [true, ['microphone']]);
      // A new token (a reconnection) keeps her on stage.
      assert.equal(((await join(ev.live, bearer(ada.token)).expect(200)).body as LiveJoinView).canPublish, true);

      // The chair mutes her microphone, then takes her off stage: her track stops.
      const muted = (await t.http().post(`/api/sessions/${ev.live}/live/mute`).set(chairAuth).send({ identity: ada.identity, trackSid: adaTrack.sid }).expect(200)).body;
      assert.equal(muted.participants.find((p: { identity: string }) => p.identity === ada.identity).tracks[0].muted, true);
      await t.http().delete(`/api/sessions/${ev.live}/live/stage/${ada.identity}`).set(chairAuth).expect(200);
      await until('Ada may no longer publish', 5000, () => !attendee.canPublish);
      await until('Ada’s track is gone', 10_000, () => !speaker.room.remoteParticipants.get(ada.identity)?.trackPublications.has(adaTrack.sid!));

      // The chair of another session cannot remove anyone here; this chair removes Ada, for good.
      await t.http().post(`/api/sessions/${ev.live}/live/remove`).set(bearer(await ev.otherChairToken())).send({ identity: ada.identity }).expect(403);
      const disconnected = once(attendee.room, RoomEvent.Disconnected, 10_000);
      await t.http().post(`/api/sessions/${ev.live}/live/remove`).set(chairAuth).send({ identity: ada.identity, reason: 'Repeated interruptions' }).expect(200);
      const [reason] = await disconnected;
      assert.equal(reason, DisconnectReason.PARTICIPANT_REMOVED);
      const refused = await join(ev.live, bearer(ada.token)).expect(403);
      assert.match(refused.body.message, /removed you from this session: “Repeated interruptions”/);
      // Nor can she come back with the token she already had: shown the door as soon as LiveKit says she joined.
      const comeback = new RtcParticipant();
      try {
        const shownOut = once(comeback.room, RoomEvent.Disconnected, 15_000);
        const connected = await comeback.connect(adaJoin.serverUrl, adaJoin.participantToken).then(() => true, () => false);
        if (connected) assert.equal((await shownOut)[0], DisconnectReason.PARTICIPANT_REMOVED);
        const stays = await db.query(`SELECT count(*)::int AS count FROM attendance WHERE session_id = $1 AND identity = $2`, [ev.live, ada.identity]);
        assert.equal(stays[0].count, 1, 'the comeback is not counted as attendance');
      } finally {
        await comeback.close();
      }

      // LiveKit's webhooks, verified: the room started, each stay is an attendance record, Ada's closed.
      await until('attendance recorded', 10_000, async () => {
        const rows = await db.query(`SELECT identity, role, left_at FROM attendance WHERE session_id = $1`, [ev.live]);
        return rows.some((r: { identity: string }) => r.identity === speakerJoin.identity) && rows.some((r: { identity: string; left_at: Date | null }) => r.identity === ada.identity && r.left_at !== null);
      });
      const [room] = await db.query(`SELECT room_started_at FROM live_room WHERE session_id = $1`, [ev.live]);
      assert.ok(room.room_started_at);
      const speakerStay = (await db.query(`SELECT role, left_at FROM attendance WHERE session_id = $1 AND identity = $2`, [ev.live, speakerJoin.identity]))[0];
      assert.deepEqual([speakerStay.role, speakerStay.left_at], ['speaker', null]);

      // The end: the speaker is disconnected by the room's closing, and LiveKit says the room finished.
      const speakerOut = once(speaker.room, RoomEvent.Disconnected, 10_000);
      await t.http().post(`/api/sessions/${ev.live}/live/end`).set(chairAuth).expect(200);
      await within('the speaker is disconnected', 10_000, speakerOut);
      await until('the room finished', 10_000, async () => (await db.query(`SELECT room_finished_at FROM live_room WHERE session_id = $1`, [ev.live]))[0].room_finished_at !== null);
    } finally {
      chairChannel.close();
      adaChannel.close();
      await speaker.close();
      await attendee.close();
    }
  });

  it('records through LiveKit Egress: a clear refusal when no egress worker is connected; egress webhooks, verified, move a recording to complete (files checksummed) or failed', async () => {
    const ev = await createLiveEvent(t, smtp, owner);
    const ada = await ev.attendee('Ada Recorder');
    const chairAuth = bearer(await ev.chairToken());
    await t.http().post(`/api/sessions/${ev.live}/live/go-live`).set(chairAuth).expect(200);
    await t.http().post(`/api/sessions/${ev.live}/recording/start`).set(bearer(ada.token)).send({}).expect(403);
    // Nobody in the room yet: nothing to record.
    const empty = await t.http().post(`/api/sessions/${ev.live}/recording/start`).set(chairAuth).send({}).expect(409);
    assert.equal(empty.body.code, ErrorCode.RecordingRoomEmpty);
    assert.match(empty.body.message, /room is empty/);
    await new RoomServiceClient(lk.httpUrl, lk.apiKey, lk.apiSecret).createRoom({ name: `session-${ev.live}` });
    // The real livekit-server has no egress worker here: after RECORDING_EGRESS_TIMEOUT_SECONDS (1 s in this
    // file) instead of LiveKit's own 10 s, a clear 503 with what to do, and no recording left behind.
    const startedAt = Date.now();
    const refused = await t.http().post(`/api/sessions/${ev.live}/recording/start`).set(chairAuth).send({}).expect(503);
    assert.ok(Date.now() - startedAt < 5000, `answered in ${Date.now() - startedAt} ms`);
    assert.equal(refused.body.code, ErrorCode.RecordingUnavailable);
    assert.deepEqual(refused.body.details, { reason: 'no_worker' });
    assert.match(refused.body.message, /recording service does not answer/);
    assert.deepEqual((await t.http().get(`/api/events/${ev.id}/recordings?sessionId=${ev.live}`).set(owner).expect(200)).body, []);
    await t.http().post(`/api/sessions/${ev.live}/recording/stop`).set(chairAuth).expect(409);

    // What an egress worker would report, signed with the server's key pair as LiveKit signs webhooks.
    const db = t.app.get(DataSource);
    const [row] = await db.query(
      `INSERT INTO recording (event_id, session_id, source, status, title, language, video_egress_id, audio_egress_id, started_at) VALUES ($1, $2, 'egress', 'starting', '{"en":"Plenary now"}', 'en', 'EG_video_1', 'EG_audio_1', now()) RETURNING id`,
      [ev.id, ev.live],
    );
    const sendHook = async (body: object, expected: number, secret = lk.apiSecret) => {
      const raw = JSON.stringify(body);
      const token = new AccessToken(lk.apiKey, secret);
      token.sha256 = createHash('sha256').update(raw).digest('base64');
      await t.http().post('/api/livekit/webhook').set('content-type', 'application/webhook+json').set('authorization', await token.toJwt()).send(raw).expect(expected);
    };
    const egress = (egressId: string, status: string, extra: object = {}) => ({ event: status === 'EGRESS_ACTIVE' ? 'egress_started' : 'egress_ended', id: `EV_${egressId}_${status}`, egressInfo: { egressId, roomName: `session-${ev.live}`, status, ...extra } });
    const status = async () => (await db.query(`SELECT status, failure_reason, duration_seconds FROM recording WHERE id = $1`, [row.id]))[0];

    await sendHook(egress('EG_video_1', 'EGRESS_ACTIVE'), 401, 'another-secret-another-secret-0000');
    assert.equal((await status()).status, 'starting', 'a forged webhook changes nothing');
    await sendHook(egress('EG_video_1', 'EGRESS_ACTIVE'), 200);
    assert.equal((await status()).status, 'active');
    // The egress wrote its files where Amphi keeps them (the shared folder); complete checks them in.
    const storageDir = t.app.get<AppConfig>(APP_CONFIG).storage.dir;
    const video = Buffer.from('not really an mp4, but bytes written by the egress worker');
    const videoPath = joinPath(storageDir, `recordings/${ev.id}/${row.id}/video.mp4`);
    mkdirSync(dirname(videoPath), { recursive: true });
    writeFileSync(videoPath, video);
    await sendHook(egress('EG_audio_1', 'EGRESS_FAILED', { error: 'audio encoder crashed' }), 200);
    await sendHook(egress('EG_video_1', 'EGRESS_COMPLETE', { fileResults: [{ filename: videoPath, size: String(video.length), duration: '95000000000' }] }), 200);
    const done = await status();
    assert.deepEqual([done.status, done.duration_seconds], ['complete', 95]);
    assert.match(done.failure_reason, /audio: EGRESS_FAILED: audio encoder crashed/);
    const view = (await t.http().get(`/api/events/${ev.id}/recordings/${row.id}`).set(owner).expect(200)).body;
    assert.deepEqual(view.files.map((f: { kind: string; size: number; sha256: string }) => [f.kind, f.size, f.sha256]), [['video', video.length, createHash('sha256').update(video).digest('hex')]]);

    // Another recording whose egress fails: the reason is kept.
    const [other] = await db.query(
      `INSERT INTO recording (event_id, session_id, source, status, title, language, video_egress_id, started_at) VALUES ($1, $2, 'egress', 'active', '{"en":"x"}', 'en', 'EG_video_2', now()) RETURNING id`,
      [ev.id, ev.other],
    );
    await sendHook(egress('EG_video_2', 'EGRESS_ABORTED', { error: 'room closed before start' }), 200);
    const aborted = (await db.query(`SELECT status, failure_reason FROM recording WHERE id = $1`, [other.id]))[0];
    assert.deepEqual([aborted.status, aborted.failure_reason], ['failed', 'EGRESS_ABORTED: room closed before start']);
  });

  it('refuses a webhook that is not signed with the server’s key, and records nothing', async () => {
    const body = JSON.stringify({ event: 'participant_joined', room: { name: 'session-7a1c2f4e-0000-4000-8000-000000000000' }, participant: { sid: 'PA_forged', identity: 'r:x' } });
    await t.http().post('/api/livekit/webhook').set('content-type', 'application/webhook+json').send(body).expect(401);
    // Signed with another secret: the same shape LiveKit uses (a JWT with the body's SHA-256), the wrong key.
    const header = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');
    const payload = Buffer.from(JSON.stringify({ iss: lk.apiKey, sha256: 'forged', exp: Math.floor(Date.now() / 1000) + 60 })).toString('base64url');
    const signature = createHmac('sha256', 'not-the-secret-not-the-secret-00').update(`${header}.${payload}`).digest('base64url');
    const refused = await t.http().post('/api/livekit/webhook').set('content-type', 'application/webhook+json').set('authorization', `${header}.${payload}.${signature}`).send(body).expect(401);
    assert.equal(refused.body.code, ErrorCode.WebhookRejected);
    const [{ count }] = await t.app.get(DataSource).query(`SELECT count(*)::int AS count FROM attendance WHERE participant_sid = 'PA_forged'`);
    assert.equal(count, 0);
  });
});
