import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startTestApp, type TestApp } from './support/harness';
import { startMailCatcher, type MailCatcher } from './support/mail-catcher';
import { createLiveEvent } from './support/live-event';
import { connectQa, type QaClient } from './support/qa-client';

/**
 * What a join costs is bounded whatever the session holds (here, pages of 10 and a replay of at
 * most 10 changes), without anyone missing what was asked while they were away.
 */
describe('bounded Q&A joins', () => {
  let t: TestApp;
  let smtp: MailCatcher;
  let owner: { Authorization: string };
  const clients: QaClient[] = [];

  before(async () => {
    smtp = await startMailCatcher();
    t = await startTestApp({
      SMTP_URL: smtp.url,
      MAIL_POLL_MS: '50',
      QA_SNAPSHOT_QUESTIONS: '10',
      QA_SYNC_MAX_CHANGES: '10',
      QA_QUESTIONS_PER_MINUTE: '1000',
      QA_EVENTS_PER_SECOND: '1000',
      RATE_LIMIT_REGISTRATION_PER_IP: '100000',
      RATE_LIMIT_ACCESS_PER_IP: '100000',
    });
    owner = (await t.organiser()).auth;
  });
  after(async () => {
    clients.forEach((c) => c.close());
    await t.close();
    await smtp.close();
  });
  const connect = async (token: string) => {
    const c = await connectQa(t.baseUrl, { token });
    clients.push(c);
    return c;
  };

  it('too far behind for a replay, a rejoin gets a bounded snapshot that still holds the questions asked meanwhile; the rest comes page by page', async () => {
    const ev = await createLiveEvent(t, smtp, owner);
    const ada = await ev.attendee('Ada Away');
    const ben = await ev.attendee('Ben Busy');
    const away = await connect(ada.token);
    const first = await away.ok('session:join', { sessionId: ev.live });
    assert.equal(first.mode, 'snapshot');
    away.close();

    // While Ada is away: 30 questions, the first ten voted up (so they fill the room's first page).
    const busy = await connect(ben.token);
    await busy.ok('session:join', { sessionId: ev.live });
    const chair = await connect(await ev.chairToken());
    await chair.ok('session:join', { sessionId: ev.live });
    const asked: string[] = [];
    for (let i = 0; i < 30; i++) asked.push((await busy.ok('question:ask', { sessionId: ev.live, clientId: randomUUID(), text: `Question ${i}` })).question.id);
    for (const id of asked.slice(0, 10)) await chair.ok('question:vote', { sessionId: ev.live, questionId: id });

    const back = await connect(ada.token);
    const rejoined = await back.ok('session:join', { sessionId: ev.live, lastSeq: first.seq });
    assert.equal(rejoined.mode, 'snapshot', '30 changes is more than a replay of 10');
    if (rejoined.mode !== 'snapshot') return;
    const held = new Set(rejoined.questions.map((q) => q.id));
    assert.ok(rejoined.questions.length <= 20, `bounded: ${rejoined.questions.length}`);
    for (const id of asked.slice(0, 10)) assert.ok(held.has(id), 'the most voted: the first page');
    for (const id of asked.slice(20)) assert.ok(held.has(id), 'the newest: what she missed most recently');
    assert.ok(rejoined.nextCursor, 'more beyond the page');

    // Paging through the rest in the room's order: every question exactly once.
    const all = new Set(held);
    let cursor: string | null = rejoined.nextCursor;
    for (let pages = 0; cursor && pages < 10; pages++) {
      const page: { questions: Array<{ id: string }>; nextCursor: string | null } = await back.ok('questions:page', { sessionId: ev.live, cursor });
      assert.ok(page.questions.length <= 10);
      page.questions.forEach((q) => all.add(q.id));
      cursor = page.nextCursor;
    }
    assert.equal(cursor, null);
    assert.deepEqual([...all].sort(), [...asked].sort());
    const forged = await back.call('questions:page', { sessionId: ev.live, cursor: 'not-a-cursor' });
    assert.ok(!forged.ok && forged.error.fields?.cursor);
  });
});
