import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { TokenVerifier } from 'livekit-server-sdk';
import { DataSource } from 'typeorm';
import { ErrorCode, type LiveJoinView } from '@amphi/contracts';
import { startTestApp, type TestApp } from './support/harness';
import { startMailCatcher, type MailCatcher } from './support/mail-catcher';
import { connectQa } from './support/qa-client';
import { createLiveEvent } from './support/live-event';
import { freePort, startLiveKit, type LiveKitServer } from './support/livekit';

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
    lk = await startLiveKit({ webhookUrls: [`http://127.0.0.1:${port}/api/livekit/webhook`] });
    t = await startTestApp(
      {
        SMTP_URL: smtp.url,
        MAIL_POLL_MS: '50',
        LIVEKIT_URL: lk.url,
        LIVEKIT_API_KEY: lk.apiKey,
        LIVEKIT_API_SECRET: lk.apiSecret,
        RATE_LIMIT_REGISTRATION_PER_IP: '100000',
        RATE_LIMIT_ACCESS_PER_IP: '100000',
      },
      undefined,
      { port },
    );
    owner = (await t.organiser()).auth;
  });
  after(async () => {
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
    assert.equal(waiting.body.code, ErrorCode.Forbidden);
    assert.equal(waiting.body.details.state, 'backstage');
    assert.match(waiting.body.message, /chair goes live/);

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

    assert.equal((await join(ev.live).expect(401)).body.code, ErrorCode.Unauthenticated);
    await join(ev.live, { Authorization: 'Bearer forged.token.value' }).expect(401);
    await join('7a1c2f4e-0000-4000-8000-000000000000', bearer(ada.token)).expect(404);
    await join('not-an-id', bearer(ada.token)).expect(404);
    await join(elsewhere.live, bearer(ada.token)).expect(404);
    const stranger = await t.organiser();
    await join(ev.live, stranger.auth).expect(404);
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

  it('refuses a webhook that is not signed with the server’s key, and records nothing', async () => {
    const body = JSON.stringify({ event: 'participant_joined', room: { name: 'session-7a1c2f4e-0000-4000-8000-000000000000' }, participant: { sid: 'PA_forged', identity: 'r:x' } });
    await t.http().post('/api/livekit/webhook').set('content-type', 'application/webhook+json').send(body).expect(401);
    // Signed with another secret: the same shape LiveKit uses (a JWT with the body's SHA-256), the wrong key.
    const header = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');
    const payload = Buffer.from(JSON.stringify({ iss: lk.apiKey, sha256: 'forged', exp: Math.floor(Date.now() / 1000) + 60 })).toString('base64url');
    const signature = createHmac('sha256', 'not-the-secret-not-the-secret-00').update(`${header}.${payload}`).digest('base64url');
    const refused = await t.http().post('/api/livekit/webhook').set('content-type', 'application/webhook+json').set('authorization', `${header}.${payload}.${signature}`).send(body).expect(401);
    assert.equal(refused.body.code, ErrorCode.Unauthenticated);
    const [{ count }] = await t.app.get(DataSource).query(`SELECT count(*)::int AS count FROM attendance WHERE participant_sid = 'PA_forged'`);
    assert.equal(count, 0);
  });
});
