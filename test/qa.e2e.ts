import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ErrorCode, type QuestionView } from '@amphi/contracts';
import { startTestApp, type TestApp } from './support/harness';
import { startMailCatcher, type MailCatcher } from './support/mail-catcher';
import { connectQa, refusedHandshake, settle, type QaClient } from './support/qa-client';
import { startApiProcess, type ApiProcess } from './support/api-process';
import { createLiveEvent } from './support/live-event';

type Auth = { Authorization: string };
const AUTH_SECRET = randomBytes(32).toString('hex');
/** The settings every process of this file shares (the API processes must verify each other's tokens). */
const ENV = {
  AUTH_SECRET,
  QA_QUESTIONS_PER_MINUTE: '3',
  QA_EVENTS_PER_SECOND: '20',
  QA_VOTE_FLUSH_MS: '100',
  RATE_LIMIT_REGISTRATION_PER_IP: '100000',
  RATE_LIMIT_ACCESS_PER_IP: '100000',
  RATE_LIMIT_LOGIN_PER_IP: '100000',
  LINK_RESEND_INTERVAL_SECONDS: '0',
  MAIL_POLL_MS: '50',
};

const clientId = () => randomUUID();

describe('live Q&A over socket.io', () => {
  let t: TestApp;
  let smtp: MailCatcher;
  let owner: Auth;

  before(async () => {
    smtp = await startMailCatcher();
    t = await startTestApp({ ...ENV, SMTP_URL: smtp.url });
    owner = (await t.organiser()).auth;
  });
  after(async () => {
    await t.close();
    await smtp.close();
  });

  const liveEvent = () => createLiveEvent(t, smtp, owner);

  const clients: QaClient[] = [];
  const connect = async (token: string, baseUrl = t.baseUrl) => {
    const client = await connectQa(baseUrl, { token });
    clients.push(client);
    return client;
  };
  after(() => clients.forEach((c) => c.close()));

  it('the whole flow: anonymous question under pre-moderation, approve, vote, highlight, answer, dismiss, merge, pin, hands, HTTP read, export', async () => {
    const ev = await liveEvent();
    const ada = await ev.attendee('Ada Lovelace');
    const ben = await ev.attendee('Ben Voter');
    const chair = await connect(await ev.chairToken());
    const speaker = await connect(await ev.speakerToken());
    const attendeeA = await connect(ada.token);
    const attendeeB = await connect(ben.token);

    const chairView = await chair.ok('session:join', { sessionId: ev.live });
    assert.equal(chairView.role, 'chair');
    const settings = await chair.ok('qa:settings', { sessionId: ev.live, preModeration: true });
    assert.equal(settings.preModeration, true);
    assert.equal((await speaker.ok('session:join', { sessionId: ev.live })).role, 'speaker');
    const joinedA = await attendeeA.ok('session:join', { sessionId: ev.live });
    assert.equal(joinedA.role, 'attendee');
    assert.equal(joinedA.settings.preModeration, true);
    await attendeeB.ok('session:join', { sessionId: ev.live });

    // Ada asks anonymously; the text is kept as written (never interpreted as HTML).
    const text = '  How do <b>peer supporters</b> & clinicians share notes?  ';
    const asked = await attendeeA.ok('question:ask', { sessionId: ev.live, clientId: clientId(), text, talkId: ev.talkId, anonymous: true });
    assert.equal(asked.question.text, text.trim());
    assert.equal(asked.question.state, 'pending');
    assert.equal(asked.question.mine, true);
    assert.equal(asked.question.authorName, 'Ada Lovelace', 'the asker sees their own name');
    assert.equal(asked.question.talkId, ev.talkId);
    assert.ok(asked.seq > chairView.seq);
    const q1 = asked.question.id;

    // The chair sees it pending and without the name; Ben and the speaker do not see it yet.
    const seenByChair = await chair.waitFor('question', (e) => e.question.id === q1);
    assert.equal(seenByChair.question.state, 'pending');
    assert.equal(seenByChair.question.authorName, null);
    assert.equal(seenByChair.seq, asked.seq);
    await settle();
    assert.equal(attendeeB.events.some((e) => e.type === 'question'), false);
    assert.equal(speaker.events.some((e) => e.type === 'question'), false);

    // Approved: everyone sees it, still anonymous; the asker sees the new state of their own question.
    await chair.ok('question:moderate', { sessionId: ev.live, questionId: q1, action: 'approve' });
    const seenByBen = await attendeeB.waitFor('question', (e) => e.question.id === q1 && e.question.state === 'approved');
    assert.equal(seenByBen.question.authorName, null);
    assert.equal(seenByBen.question.mine, false);
    await speaker.waitFor('question', (e) => e.question.id === q1 && e.question.state === 'approved');
    const ownCopy = await attendeeA.waitFor('question', (e) => e.question.id === q1 && e.question.state === 'approved');
    assert.equal(ownCopy.question.mine, true);

    // Votes: once per person; counts are broadcast coalesced.
    assert.deepEqual(await attendeeB.ok('question:vote', { sessionId: ev.live, questionId: q1 }), { questionId: q1, votes: 1 });
    assert.deepEqual(await speaker.ok('question:vote', { sessionId: ev.live, questionId: q1 }), { questionId: q1, votes: 2 });
    const again = await attendeeB.call('question:vote', { sessionId: ev.live, questionId: q1 });
    assert.equal(again.ok, false);
    if (!again.ok) assert.equal(again.error.code, ErrorCode.QaAlreadyVoted);
    const counted = await attendeeA.waitFor('votes', (e) => e.counts.some((c) => c.questionId === q1 && c.votes === 2));
    assert.ok(counted.seq > asked.seq);
    assert.deepEqual(await speaker.ok('question:unvote', { sessionId: ev.live, questionId: q1 }), { questionId: q1, votes: 1 });
    await attendeeA.waitFor('votes', (e) => e.counts.some((c) => c.questionId === q1 && c.votes === 1));

    // Highlight "being answered now", then answered in writing: the highlight goes.
    // (The highlight travels on the question's own event, at that change's seq.)
    await chair.ok('question:moderate', { sessionId: ev.live, questionId: q1, action: 'highlight' });
    await attendeeB.waitFor('question', (e) => e.question.id === q1 && e.question.highlighted);
    const answered = await chair.ok('question:moderate', { sessionId: ev.live, questionId: q1, action: 'answer', answer: 'Through a shared, consented summary.' });
    assert.equal(answered.question.state, 'answered');
    assert.equal(answered.question.highlighted, false);
    assert.ok(answered.question.answeredAt);
    const answeredForB = await attendeeB.waitFor('question', (e) => e.question.id === q1 && e.question.state === 'answered');
    assert.equal(answeredForB.question.answer, 'Through a shared, consented summary.');

    // Dismissed with a reason: the asker sees why; others never saw it.
    const offTopic = await attendeeB.ok('question:ask', { sessionId: ev.live, clientId: clientId(), text: 'Where is the coffee?' });
    await chair.ok('question:moderate', { sessionId: ev.live, questionId: offTopic.question.id, action: 'dismiss', reason: 'Off topic: ask the organisers in the lobby.' });
    const toldBen = await attendeeB.waitFor('question', (e) => e.question.id === offTopic.question.id && e.question.state === 'dismissed');
    assert.equal(toldBen.question.dismissReason, 'Off topic: ask the organisers in the lobby.');
    await settle();
    assert.equal(attendeeA.events.some((e) => e.type === 'question' && e.question.id === offTopic.question.id), false);

    // Merge a duplicate into the original: its voters now count for the original.
    const original = await attendeeA.ok('question:ask', { sessionId: ev.live, clientId: clientId(), text: 'What about data protection?' });
    const duplicate = await attendeeB.ok('question:ask', { sessionId: ev.live, clientId: clientId(), text: 'And GDPR?' });
    await chair.ok('question:moderate', { sessionId: ev.live, questionId: original.question.id, action: 'approve' });
    await chair.ok('question:moderate', { sessionId: ev.live, questionId: duplicate.question.id, action: 'approve' });
    await speaker.ok('question:vote', { sessionId: ev.live, questionId: duplicate.question.id });
    const merged = await chair.ok('question:moderate', { sessionId: ev.live, questionId: duplicate.question.id, action: 'merge', intoQuestionId: original.question.id });
    assert.equal(merged.question.state, 'merged');
    assert.equal(merged.question.mergedIntoId, original.question.id);
    await attendeeA.waitFor('question_removed', (e) => e.questionId === duplicate.question.id);
    const pinned = await chair.ok('question:moderate', { sessionId: ev.live, questionId: original.question.id, action: 'pin' });
    assert.equal(pinned.question.pinned, true);
    assert.equal(pinned.question.votes, 1, 'the duplicate’s vote moved to the original');

    // Raise hand: the chair sees the queue in order; an attendee sees only their own hand.
    await attendeeB.ok('hand:raise', { sessionId: ev.live });
    await attendeeA.ok('hand:raise', { sessionId: ev.live });
    const queue = await chair.waitFor('hands', (e) => e.hands.length === 2);
    assert.deepEqual(queue.hands.map((h) => h.name), ['Ben Voter', 'Ada Lovelace']);
    const ownHand = await attendeeA.waitFor('hands', (e) => e.hands.length === 1);
    assert.equal(ownHand.hands[0].name, 'Ada Lovelace');
    await attendeeB.ok('hand:lower', { sessionId: ev.live });
    await chair.waitFor('hands', (e) => e.hands.length === 1 && e.hands[0].name === 'Ada Lovelace');

    // Every event carries the session's seq, for the replay.
    assert.ok(attendeeA.events.every((e) => Number.isInteger(e.seq) && e.seq > 0));

    // The HTTP read for clients without a socket: approved and answered questions only, for people of the session.
    const read = await t.http().get(`/api/sessions/${ev.live}/questions`).set({ Authorization: `Bearer ${ben.token}` }).expect(200);
    assert.deepEqual(read.body.map((q: QuestionView) => q.id).sort(), [q1, original.question.id].sort());
    assert.equal(read.body.find((q: QuestionView) => q.id === q1).authorName, null);
    const byTime = (await t.http().get(`/api/sessions/${ev.live}/questions?order=time`).set({ Authorization: `Bearer ${ben.token}` }).expect(200)).body;
    assert.deepEqual(byTime.map((q: QuestionView) => q.id), [q1, original.question.id]);
    const badOrder = await t.http().get(`/api/sessions/${ev.live}/questions?order=random`).set({ Authorization: `Bearer ${ben.token}` }).expect(422);
    assert.ok(badOrder.body.fields.order);
    await t.http().get(`/api/sessions/${ev.live}/questions`).expect(401);

    // The organisers' export: JSON and CSV with votes, state, answer and times; anonymous stays anonymous.
    const exported = (await t.http().get(`/api/events/${ev.id}/sessions/${ev.live}/questions.json`).set(owner).expect(200)).body;
    assert.equal(exported.length, 4);
    const row = exported.find((q: { id: string }) => q.id === q1);
    assert.deepEqual([row.state, row.votes, row.answer, row.author, row.anonymous], ['answered', 1, 'Through a shared, consented summary.', null, true]);
    assert.ok(Date.parse(row.answeredAt) >= Date.parse(row.askedAt));
    const csv = await t.http().get(`/api/events/${ev.id}/sessions/${ev.live}/questions.csv`).set(owner).expect(200);
    assert.match(csv.headers['content-type'], /text\/csv/);
    const lines = csv.text.replace(/^\ufeff/, '').trim().split('\n');
    assert.equal(lines[0], 'askedAt,author,anonymous,text,state,votes,pinned,answer,answeredAt,dismissReason,mergedIntoId,talkId,panelistId,id');
    assert.equal(lines.length, 5);
    const stranger = await t.organiser();
    await t.http().get(`/api/events/${ev.id}/sessions/${ev.live}/questions.json`).set(stranger.auth).expect(404);
  });

  it('an event may let its chairs and organisers see who asked anonymously; attendees still do not', async () => {
    const ev = await liveEvent();
    await t.http().patch(`/api/events/${ev.id}`).set(owner).send({ qa: { anonymousNamesToModerators: true } }).expect(200);
    await t.http().patch(`/api/events/${ev.id}`).set(owner).send({ qa: { anonymousNamesToModerators: 'yes' } }).expect(422);
    const ada = await ev.attendee('Ada Named');
    const ben = await ev.attendee('Ben Curious');
    const chair = await connect(await ev.chairToken());
    const asker = await connect(ada.token);
    const other = await connect(ben.token);
    for (const c of [chair, asker, other]) await c.ok('session:join', { sessionId: ev.live });
    const asked = await asker.ok('question:ask', { sessionId: ev.live, clientId: clientId(), text: 'Who funds this?', anonymous: true });
    assert.equal((await chair.waitFor('question', (e) => e.question.id === asked.question.id)).question.authorName, 'Ada Named');
    const seen = await other.waitFor('question', (e) => e.question.id === asked.question.id);
    assert.equal(seen.question.authorName, null);
    assert.equal((await chair.ok('session:join', { sessionId: ev.live })).questions.find((q) => q.id === asked.question.id)?.authorName, 'Ada Named');
    assert.equal((await other.ok('session:join', { sessionId: ev.live })).questions.find((q) => q.id === asked.question.id)?.authorName, null);
    const exported = (await t.http().get(`/api/events/${ev.id}/sessions/${ev.live}/questions.json`).set(owner).expect(200)).body;
    assert.deepEqual([exported[0].author, exported[0].anonymous], ['Ada Named', true]);
  });

  it('refuses, with a code and a message: no token, a forged token, a wrong origin, another event, moderation by an attendee or by another session’s chair, a long text, too many questions, too many events', async () => {
    const ev = await liveEvent();
    const elsewhere = await liveEvent();
    const ada = await ev.attendee('Ada Refused');

    assert.equal((await refusedHandshake(t.baseUrl, {})).code, ErrorCode.TokenMissing);
    assert.equal((await refusedHandshake(t.baseUrl, { token: 'not-a-token' })).code, ErrorCode.TokenInvalid);
    const wrongOrigin = await refusedHandshake(t.baseUrl, { token: ada.token, origin: 'https://evil.example' });
    assert.equal(wrongOrigin.code, ErrorCode.OriginNotAllowed);
    assert.match(wrongOrigin.message, /cannot be opened from/);
    // The allowed origin is PUBLIC_URL's (the harness's is http://127.0.0.1:3000).
    const rightOrigin = await connectQa(t.baseUrl, { token: ada.token, origin: 'http://127.0.0.1:3000' });
    rightOrigin.close();

    const attendee = await connect(ada.token);
    // Not joined yet: nothing is accepted.
    const unjoined = await attendee.call('question:ask', { sessionId: ev.live, clientId: clientId(), text: 'Hello?' });
    assert.equal(!unjoined.ok && unjoined.error.code, ErrorCode.QaJoinFirst);
    // Another event's session does not exist for this attendee.
    const foreign = await attendee.call('session:join', { sessionId: elsewhere.live });
    assert.equal(!foreign.ok && foreign.error.code, ErrorCode.NotFound);
    // Bad input, field by field.
    const malformed = await attendee.call('session:join', { sessionId: 'nope' } as never);
    assert.equal(!malformed.ok && malformed.error.code, ErrorCode.ValidationFailed);
    assert.ok(!malformed.ok && malformed.error.fields?.sessionId);

    await attendee.ok('session:join', { sessionId: ev.live });
    const tooLong = await attendee.call('question:ask', { sessionId: ev.live, clientId: clientId(), text: 'x'.repeat(501) });
    assert.equal(!tooLong.ok && tooLong.error.code, ErrorCode.ValidationFailed);
    assert.match(!tooLong.ok ? tooLong.error.fields!.text : '', /500/);
    const blank = await attendee.call('question:ask', { sessionId: ev.live, clientId: clientId(), text: '    ' });
    assert.ok(!blank.ok && blank.error.fields?.text);
    const unknownTalk = await attendee.call('question:ask', { sessionId: ev.live, clientId: clientId(), text: 'To whom?', talkId: randomUUID() });
    assert.ok(!unknownTalk.ok && unknownTalk.error.fields?.talkId);

    // An attendee may not moderate.
    const own = await attendee.ok('question:ask', { sessionId: ev.live, clientId: clientId(), text: 'May I approve my own question?' });
    const selfApproval = await attendee.call('question:moderate', { sessionId: ev.live, questionId: own.question.id, action: 'pin' });
    assert.equal(!selfApproval.ok && selfApproval.error.code, ErrorCode.NotAllowed);
    const settingsByAttendee = await attendee.call('qa:settings', { sessionId: ev.live, preModeration: true });
    assert.equal(!settingsByAttendee.ok && settingsByAttendee.error.code, ErrorCode.NotAllowed);

    // The chair of another session has no role here: refused at join, and nothing without joining.
    const otherChair = await connect(await ev.otherChairToken());
    const notTheirs = await otherChair.call('session:join', { sessionId: ev.live });
    assert.equal(!notTheirs.ok && notTheirs.error.code, ErrorCode.NoSessionRole);
    const moderation = await otherChair.call('question:moderate', { sessionId: ev.live, questionId: own.question.id, action: 'dismiss', reason: 'no' });
    assert.equal(!moderation.ok && moderation.error.code, ErrorCode.QaJoinFirst, 'not joined: nothing');
    await otherChair.ok('session:join', { sessionId: ev.other });
    // A dismissal needs a reason the asker will read.
    const chair = await connect(await ev.chairToken());
    await chair.ok('session:join', { sessionId: ev.live });
    const noReason = await chair.call('question:moderate', { sessionId: ev.live, questionId: own.question.id, action: 'dismiss' });
    assert.ok(!noReason.ok && noReason.error.fields?.reason);

    // Questions per person per minute (3 here): the fourth is refused, and says when to retry.
    await attendee.ok('question:ask', { sessionId: ev.live, clientId: clientId(), text: 'Second' });
    await attendee.ok('question:ask', { sessionId: ev.live, clientId: clientId(), text: 'Third' });
    const fourth = await attendee.call('question:ask', { sessionId: ev.live, clientId: clientId(), text: 'Fourth' });
    assert.equal(!fourth.ok && fourth.error.code, ErrorCode.RateLimited);
    assert.deepEqual(!fourth.ok && fourth.error.details, { retryAfterSeconds: 60, limit: 3, per: 'minute' });

    // Events per connection per second (20 here): a flood is refused in the acks, the connection stays.
    const flood = await Promise.all(Array.from({ length: 40 }, () => attendee.call('hand:lower', { sessionId: ev.live })));
    const limited = flood.filter((r) => !r.ok && r.error.code === ErrorCode.RateLimited).length;
    assert.ok(limited >= 15, `${limited} of 40 refused`);
    assert.equal(attendee.socket.connected, true);
    await settle(1100);
    assert.equal((await attendee.call('hand:lower', { sessionId: ev.live })).ok, true);
  });

  it('opens and closes with the session: the window is told, open-early and stay-open are settings; a waiting-list or cancelled attendee is refused', async () => {
    const ev = await liveEvent();
    const ada = await ev.attendee('Ada Early');
    const attendee = await connect(ada.token);
    const snapshot = await attendee.ok('session:join', { sessionId: ev.live });
    assert.ok(Date.parse(snapshot.settings.opensAt) < Date.now() && Date.parse(snapshot.settings.closesAt) > Date.now());

    // The later session: it may be joined (to read), but questions open 15 minutes before its start.
    const later = await attendee.ok('session:join', { sessionId: ev.later });
    const closed = await attendee.call('question:ask', { sessionId: ev.later, clientId: clientId(), text: 'Too early?' });
    assert.equal(!closed.ok && closed.error.code, ErrorCode.QaClosed);
    assert.deepEqual(!closed.ok && closed.error.details, { opensAt: later.settings.opensAt, closesAt: later.settings.closesAt, timeZone: 'UTC' });
    assert.match(!closed.ok ? closed.error.message : '', /not open yet: they open on/);

    // The chair of that session opens it four hours early.
    const organiser = await connect(owner.Authorization.slice('Bearer '.length));
    assert.equal((await organiser.ok('session:join', { sessionId: ev.later })).role, 'organiser');
    await organiser.ok('qa:settings', { sessionId: ev.later, openEarlyMinutes: 240 });
    await attendee.waitFor('settings', (e) => e.sessionId === ev.later && e.settings.openEarlyMinutes === 240);
    await attendee.ok('question:ask', { sessionId: ev.later, clientId: clientId(), text: 'Now it is open.' });

    // Cancelled: the link stops working; the open connection is told so and closed, the next one is refused before it exists.
    // (At once, without waiting for the connection to send anything: see also test/qa-access.e2e.ts.)
    const told = new Promise<{ error: { code: string; message: string } }>((resolve) => attendee.socket.once('qa:closed', resolve));
    await t.http().post('/api/me/registration/cancel').set({ Authorization: `Bearer ${ada.token}` }).expect(200);
    const afterCancel = await told;
    assert.equal(afterCancel.error.code, ErrorCode.LinkRevoked);
    assert.match(afterCancel.error.message, /cancel/i);
    const deadline = Date.now() + 2000;
    while (attendee.socket.connected && Date.now() < deadline) await settle(20);
    assert.equal(attendee.socket.connected, false);
    const refused = await refusedHandshake(t.baseUrl, { token: ada.token });
    assert.equal(refused.code, ErrorCode.LinkRevoked);
  });

  it('a reconnecting client sends its last seq and receives what it missed; a retried question is never duplicated', async () => {
    const ev = await liveEvent();
    const ada = await ev.attendee('Ada Offline');
    const ben = await ev.attendee('Ben Online');
    const chair = await connect(await ev.chairToken());
    await chair.ok('session:join', { sessionId: ev.live });
    const a1 = await connect(ada.token);
    const joined = await a1.ok('session:join', { sessionId: ev.live });
    const mine = await a1.ok('question:ask', { sessionId: ev.live, clientId: 'ada-question-0001', text: 'Will the slides be shared?' });
    const lastSeen = Math.max(joined.seq, mine.seq);
    a1.close();

    // While Ada is away: Ben asks and votes, the chair highlights, and dismisses a question.
    const b = await connect(ben.token);
    await b.ok('session:join', { sessionId: ev.live });
    const bens = await b.ok('question:ask', { sessionId: ev.live, clientId: clientId(), text: 'Is there a reading list?' });
    await b.ok('question:vote', { sessionId: ev.live, questionId: mine.question.id });
    await chair.ok('question:moderate', { sessionId: ev.live, questionId: bens.question.id, action: 'highlight' });
    const removed = await b.ok('question:ask', { sessionId: ev.live, clientId: clientId(), text: 'Spam spam spam' });
    await chair.ok('question:moderate', { sessionId: ev.live, questionId: removed.question.id, action: 'dismiss', reason: 'Spam' });
    await chair.waitFor('votes');

    // Ada comes back with her last seq: the missed changes come from the database.
    const a2 = await connect(ada.token);
    const sync = await a2.ok('session:join', { sessionId: ev.live, lastSeq: lastSeen });
    assert.equal(sync.mode, 'sync', 'a few changes behind: the sync, in the join\'s answer');
    if (sync.mode !== 'sync') return;
    assert.equal(sync.fromSeq, lastSeen);
    const synced = new Map(sync.questions.map((q) => [q.id, q]));
    assert.equal(synced.get(bens.question.id)?.highlighted, true);
    assert.equal(synced.get(mine.question.id)?.votes, 1);
    assert.equal(synced.get(mine.question.id)?.mine, true);
    assert.equal(synced.has(removed.question.id), false);
    assert.equal(sync.highlightedQuestionId, bens.question.id);

    // Her retry of the question she asked before (same client id) answers the same question.
    const retried = await a2.ok('question:ask', { sessionId: ev.live, clientId: 'ada-question-0001', text: 'Will the slides be shared?' });
    assert.equal(retried.question.id, mine.question.id);
    assert.equal(retried.question.votes, 1, 'answered as it is now');
    const [{ count }] = await t.app.get(DataSource).query(`SELECT count(*)::int AS count FROM question WHERE session_id = $1 AND client_id = 'ada-question-0001'`, [ev.live]);
    assert.equal(count, 1);
    // Two identical retries at the same moment also make one question.
    const twins = await Promise.all([0, 1].map(() => a2.ok('question:ask', { sessionId: ev.live, clientId: 'ada-question-0002', text: 'Twice at once?' })));
    assert.equal(twins[0].question.id, twins[1].question.id);
  });

  describe('several API processes on one database', () => {
    const processes: ApiProcess[] = [];
    after(async () => {
      await Promise.all(processes.map((p) => p.stop()));
    });
    const start = async () => {
      const p = await startApiProcess(t.databaseUrl, { ...ENV, SMTP_URL: smtp.url, QA_QUESTIONS_PER_MINUTE: '1000', QA_EVENTS_PER_SECOND: '1000' });
      processes.push(p);
      return p;
    };

    it('an attendee on one process and the chair on another see the same questions, votes, highlights and hands', async () => {
      const ev = await liveEvent();
      const ada = await ev.attendee('Ada One');
      const ben = await ev.attendee('Ben Two');
      const [one, two] = [await start(), await start()];
      const attendee = await connect(ada.token, one.baseUrl);
      const voter = await connect(ben.token, one.baseUrl);
      const chair = await connect(await ev.chairToken(), two.baseUrl);
      await chair.ok('session:join', { sessionId: ev.live });
      await chair.ok('qa:settings', { sessionId: ev.live, preModeration: true });
      await attendee.ok('session:join', { sessionId: ev.live });
      await voter.ok('session:join', { sessionId: ev.live });

      const asked = await attendee.ok('question:ask', { sessionId: ev.live, clientId: clientId(), text: 'Across processes?' });
      assert.equal((await chair.waitFor('question', (e) => e.question.id === asked.question.id)).question.state, 'pending');
      await chair.ok('question:moderate', { sessionId: ev.live, questionId: asked.question.id, action: 'approve' });
      await voter.waitFor('question', (e) => e.question.id === asked.question.id && e.question.state === 'approved');
      await voter.ok('question:vote', { sessionId: ev.live, questionId: asked.question.id });
      await chair.waitFor('votes', (e) => e.counts.some((c) => c.questionId === asked.question.id && c.votes === 1));
      await chair.ok('question:moderate', { sessionId: ev.live, questionId: asked.question.id, action: 'highlight' });
      await attendee.waitFor('question', (e) => e.question.id === asked.question.id && e.question.highlighted);
      await attendee.ok('hand:raise', { sessionId: ev.live });
      assert.equal((await chair.waitFor('hands', (e) => e.hands.length === 1)).hands[0].name, 'Ada One');
    });

    it('killing the process in the middle of a burst loses no acknowledged question, and retries make no duplicates', async () => {
      const ev = await liveEvent();
      const ada = await ev.attendee('Ada Burst');
      const victim = await start();
      const attendee = await connect(ada.token, victim.baseUrl);
      await attendee.ok('session:join', { sessionId: ev.live });

      const total = 120;
      const ids = Array.from({ length: total }, (_, i) => `burst-${String(i).padStart(4, '0')}`);
      const acknowledged = new Map<string, string>();
      let next = 0;
      const sender = async () => {
        while (next < total) {
          const id = ids[next++];
          const reply = await attendee.call('question:ask', { sessionId: ev.live, clientId: id, text: `Question ${id}` }).catch(() => null);
          if (reply?.ok) acknowledged.set(id, reply.data.question.id);
          if (!attendee.socket.connected) return;
        }
      };
      const burst = Promise.all(Array.from({ length: 8 }, sender));
      const deadline = Date.now() + 20_000;
      while (acknowledged.size < total / 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
      await victim.kill();
      await burst;
      assert.ok(acknowledged.size >= total / 3 && acknowledged.size < total, `${acknowledged.size} acknowledged before the kill`);

      // Another process on the same database: every acknowledged question is there.
      const survivor = await start();
      const back = await connect(ada.token, survivor.baseUrl);
      const snapshot = await back.ok('session:join', { sessionId: ev.live });
      const stored = new Map(snapshot.questions.map((q) => [q.id, q]));
      for (const [cid, questionId] of acknowledged) assert.ok(stored.has(questionId), `acknowledged question ${cid} is stored`);

      // The client retries everything with the same client ids: each question exists exactly once.
      for (const id of ids) {
        const reply = await back.ok('question:ask', { sessionId: ev.live, clientId: id, text: `Question ${id}` });
        if (acknowledged.has(id)) assert.equal(reply.question.id, acknowledged.get(id));
      }
      const rows = await t.app.get(DataSource).query(`SELECT client_id FROM question WHERE session_id = $1`, [ev.live]);
      assert.equal(rows.length, total);
      assert.equal(new Set(rows.map((r: { client_id: string }) => r.client_id)).size, total);
    });
  });
});
