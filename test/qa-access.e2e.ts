import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { ErrorCode, type ErrorBody } from '@amphi/contracts';
import { startTestApp, type TestApp } from './support/harness';
import { startMailCatcher, type MailCatcher } from './support/mail-catcher';
import { createLiveEvent } from './support/live-event';
import { startLiveKit, type LiveKitServer } from './support/livekit';
import { connectQa, type QaClient } from './support/qa-client';
import { QaService } from '../apps/api/src/qa/qa.service';

type Auth = { Authorization: string };
const bearer = (token: string): Auth => ({ Authorization: `Bearer ${token}` });

/** Waits (bounded) for a connection to be closed by the server, with the reason it was given. */
function closedWith(client: QaClient, timeoutMs = 5000): Promise<{ sessionId: string | null; error: ErrorBody }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not closed within ${timeoutMs} ms`)), timeoutMs);
    let reason: { sessionId: string | null; error: ErrorBody } | null = null;
    client.socket.once('qa:closed', (r) => (reason = r));
    client.socket.once('disconnect', () => {
      clearTimeout(timer);
      if (reason) resolve(reason);
      else reject(new Error('disconnected without being told why'));
    });
  });
}

/**
 * Access that ends takes effect at once in the Q&A, through the session-access policy and the
 * session's channel: the person is told why, their connection is closed, and whatever they send
 * after that (questions, votes, hands) is refused. Against a real livekit-server (the removal is the
 * live room's).
 */
describe('the Q&A when access ends', () => {
  let t: TestApp;
  let smtp: MailCatcher;
  let lk: LiveKitServer;
  let owner: Auth;
  const clients: QaClient[] = [];

  before(async () => {
    smtp = await startMailCatcher();
    lk = await startLiveKit({ logLevel: 'error' });
    t = await startTestApp({
      SMTP_URL: smtp.url,
      MAIL_POLL_MS: '50',
      LIVEKIT_URL: lk.url,
      LIVEKIT_API_KEY: lk.apiKey,
      LIVEKIT_API_SECRET: lk.apiSecret,
      RECORDING_EGRESS: 'disabled',
      RATE_LIMIT_REGISTRATION_PER_IP: '100000',
      RATE_LIMIT_ACCESS_PER_IP: '100000',
    });
    owner = (await t.organiser()).auth;
  });
  after(async () => {
    clients.forEach((c) => c.close());
    await t.close();
    await lk.stop();
    await smtp.close();
  });
  const connect = async (token: string) => {
    const c = await connectQa(t.baseUrl, { token });
    clients.push(c);
    return c;
  };

  it('a removed attendee is told why and disconnected; their questions, votes and hands are refused at once; their hand leaves the queue', async () => {
    const ev = await createLiveEvent(t, smtp, owner);
    const chairToken = await ev.chairToken();
    const ada = await ev.attendee('Ada Heckler');
    const ben = await ev.attendee('Ben Listener');
    await t.http().post(`/api/sessions/${ev.live}/live/go-live`).set(bearer(chairToken)).expect(200);

    const chair = await connect(chairToken);
    await chair.ok('session:join', { sessionId: ev.live });
    const heckler = await connect(ada.token);
    await heckler.ok('session:join', { sessionId: ev.live });
    const listener = await connect(ben.token);
    await listener.ok('session:join', { sessionId: ev.live });
    const asked = await listener.ok('question:ask', { sessionId: ev.live, clientId: randomUUID(), text: 'A fair question' });
    await heckler.ok('hand:raise', { sessionId: ev.live });
    await chair.waitFor('hands', (e) => e.hands.some((h) => h.participantKey === ada.identity));

    // Removed from the room by the chair: the Q&A connection is told so, in a code the page translates, and closed.
    const closing = closedWith(heckler);
    await t.http().post(`/api/sessions/${ev.live}/live/remove`).set(bearer(chairToken)).send({ identity: ada.identity, reason: 'Heckling' }).expect(200);
    const reason = await closing;
    assert.equal(reason.sessionId, ev.live);
    assert.equal(reason.error.code, ErrorCode.RemovedFromSession);
    assert.deepEqual(reason.error.details, { reason: 'Heckling' });
    // Their raised hand is no longer in the chair's queue.
    await chair.waitFor('hands', (e) => e.hands.every((h) => h.participantKey !== ada.identity) && e.seq > 0);

    // Coming back with the same link: not even following the Q&A of that session; nothing they send counts.
    const back = await connect(ada.token);
    const rejoin = await back.call('session:join', { sessionId: ev.live });
    assert.equal(!rejoin.ok && rejoin.error.code, ErrorCode.RemovedFromSession);
    for (const attempt of [
      back.call('question:ask', { sessionId: ev.live, clientId: randomUUID(), text: 'Let me in' }),
      back.call('question:vote', { sessionId: ev.live, questionId: asked.question.id }),
      back.call('hand:raise', { sessionId: ev.live }),
    ]) {
      const r = await attempt;
      assert.equal(r.ok, false);
    }
    // Even a connection that had joined before the removal and slipped through (another process, a race): every action asks the policy.
    const qa = t.app.get(QaService);
    const principal = { kind: 'participant' as const, linkId: randomUUID(), eventId: ev.id, registrationId: ada.identity.slice(2), personId: null };
    await assert.rejects(qa.ask(principal, { sessionId: ev.live, clientId: randomUUID(), text: 'Sneaky', anonymous: false }), (e: { code?: string }) => e.code === ErrorCode.RemovedFromSession || e.code === ErrorCode.LinkGone || e.code === ErrorCode.LinkRevoked);
    await assert.rejects(qa.vote(principal, ev.live, asked.question.id, true), (e: { code?: string }) => e.code === ErrorCode.RemovedFromSession || e.code === ErrorCode.LinkGone || e.code === ErrorCode.LinkRevoked);
    await assert.rejects(qa.hand(principal, ev.live, true), (e: { code?: string }) => e.code === ErrorCode.RemovedFromSession || e.code === ErrorCode.LinkGone || e.code === ErrorCode.LinkRevoked);

    // The others are not concerned.
    await listener.ok('question:vote', { sessionId: ev.live, questionId: asked.question.id });
  });

  it('a cancelled registration: the open Q&A connection is told why and closed at once, without waiting for it to send anything', async () => {
    const ev = await createLiveEvent(t, smtp, owner);
    const ada = await ev.attendee('Ada Cancelling');
    const attendee = await connect(ada.token);
    await attendee.ok('session:join', { sessionId: ev.live });
    await attendee.ok('session:join', { sessionId: ev.other });
    const closing = closedWith(attendee);
    await t.http().post('/api/me/registration/cancel').set(bearer(ada.token)).expect(200);
    const reason = await closing;
    assert.equal(reason.error.code, ErrorCode.LinkRevoked);
    assert.match(reason.error.message, /cancelled/);
    assert.equal((reason.error.details as { reason: string }).reason, 'cancelled');
  });
});
