import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { startTestApp, type TestApp } from './support/harness';
import { startMailCatcher, type MailCatcher } from './support/mail-catcher';
import { startApiProcess, type ApiProcess } from './support/api-process';
import { createLiveEvent } from './support/live-event';
import { startTcpBalancer, type TcpBalancer } from './support/tcp-balancer';
import { freePort } from './support/ports';
// The web app's own Q&A client, the very module the live page's hook wraps (not a copy of it).
import { QaConnection } from '../apps/web/src/live/qa-connection';

/**
 * A real day's failures, against real API processes on one PostgreSQL: a process killed in the
 * middle of a burst of questions and restarted, and a rolling restart (SIGTERM) behind a load
 * balancer. Hundreds of attendees are the web app's QaConnection; what they see is compared with
 * the database.
 */
const AUTH_SECRET = randomBytes(32).toString('hex');
const ENV = {
  AUTH_SECRET,
  QA_QUESTIONS_PER_MINUTE: '1000',
  QA_EVENTS_PER_SECOND: '1000',
  QA_VOTE_FLUSH_MS: '100',
  QA_HEAD_INTERVAL_MS: '1000',
  SHUTDOWN_DRAIN_SECONDS: '2',
  RATE_LIMIT_REGISTRATION_PER_IP: '100000',
  RATE_LIMIT_REGISTRATION_PER_EMAIL: '100000',
  RATE_LIMIT_ACCESS_PER_IP: '100000',
  RATE_LIMIT_LOGIN_PER_IP: '100000',
  LINK_RESEND_INTERVAL_SECONDS: '0',
  MAIL_POLL_MS: '50',
};
const ATTENDEES = 200;

type Ev = Awaited<ReturnType<typeof createLiveEvent>>;
type Attendee = Awaited<ReturnType<Ev['attendee']>>;

/** Polls a condition (bounded): tests wait for states, not for times. */
const t0 = Date.now();
const mark = (what: string) => process.env.QA_RESTART_TRACE && console.error(`[${((Date.now() - t0) / 1000).toFixed(1)} s] ${what}`);

async function until(what: string, condition: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return void mark(what);
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`Not within ${timeoutMs / 1000} s: ${what}`);
}

async function inBatches<T, R>(items: T[], size: number, run: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size) out.push(...(await Promise.all(items.slice(i, i + size).map((item, j) => run(item, i + j)))));
  return out;
}

describe('the live Q&A through crashes and restarts', () => {
  let t: TestApp;
  let smtp: MailCatcher;
  let owner: { Authorization: string };
  const processes: ApiProcess[] = [];
  const connections: QaConnection[] = [];
  const balancers: TcpBalancer[] = [];

  before(async () => {
    smtp = await startMailCatcher();
    t = await startTestApp({ ...ENV, SMTP_URL: smtp.url });
    owner = (await t.organiser()).auth;
  });
  after(async () => {
    connections.forEach((c) => c.stop());
    await Promise.all(balancers.map((b) => b.close()));
    await Promise.all(processes.map((p) => p.stop()));
    await t.close();
    await smtp.close();
  });

  const start = async (port?: number) => {
    const p = await startApiProcess(t.databaseUrl, { ...ENV, SMTP_URL: smtp.url }, { port });
    processes.push(p);
    return p;
  };
  const attendees = async (ev: Ev, n: number): Promise<Attendee[]> => inBatches(Array.from({ length: n }, (_, i) => i), 20, (i) => ev.attendee(`Attendee ${String(i).padStart(3, '0')}`));
  const connectAll = (ev: Ev, people: Attendee[], url: (i: number) => string) =>
    people.map((a, i) => {
      const c = new QaConnection({
        sessionId: ev.live,
        token: a.token,
        url: `${url(i)}/qa`,
        // As in the page, but websocket only (no long-polling fallback needed on loopback), and a shorter backoff ceiling for a test.
        socketOptions: { transports: ['websocket'], reconnectionDelayMax: 3000 },
      });
      connections.push(c);
      c.start();
      return c;
    });

  /** What an attendee may see, from the database: every approved or answered question, and their own. */
  const databaseView = async (sessionId: string) => {
    const rows: Array<{ id: string; state: string; asker_key: string }> = await t.app.get(DataSource).query(`SELECT id, state, asker_key FROM question WHERE session_id = $1`, [sessionId]);
    const [{ last_seq }] = await t.app.get(DataSource).query(`SELECT last_seq FROM qa_session WHERE session_id = $1`, [sessionId]);
    return { rows, lastSeq: Number(last_seq) };
  };

  /** Each connection's view: complete (contiguous up to the database's last seq), each acknowledged question exactly once, and equal to the database. */
  const assertViewsComplete = async (sessionId: string, clients: QaConnection[], people: Attendee[], acknowledged: Map<string, string>) => {
    const db = await databaseView(sessionId);
    await until(
      'every attendee has rejoined with a complete view',
      () => clients.every((c) => c.state.joined && (c.state.qa.seq ?? -1) >= db.lastSeq && c.state.qa.pending.length === 0),
      60_000,
    );
    clients.forEach((c, i) => {
      const ids = c.state.qa.view.questions.map((q) => q.id);
      assert.equal(new Set(ids).size, ids.length, `attendee ${i} holds a question twice`);
      for (const [clientId, questionId] of acknowledged) assert.ok(ids.includes(questionId), `attendee ${i} misses acknowledged question ${clientId}`);
      const expected = db.rows.filter((r) => r.state === 'approved' || r.state === 'answered' || r.asker_key === people[i].identity).map((r) => r.id);
      assert.deepEqual([...ids].sort(), [...expected].sort(), `attendee ${i}'s view equals the database`);
    });
  };

  it(`SIGKILL in the middle of a burst, restart, rejoin: every acknowledged question is in each of ${ATTENDEES} attendees' views exactly once, and the views equal the database`, async () => {
    const ev = await createLiveEvent(t, smtp, owner);
    const people = await attendees(ev, ATTENDEES);
    mark('attendees registered');
    const victimPort = await freePort();
    let victim = await start(victimPort);
    const survivor = await start();
    // Half on the process that dies, half on one that stays: those must also receive what the dead one acknowledged but never broadcast.
    const clients = connectAll(ev, people, (i) => (i % 2 === 0 ? victim.baseUrl : survivor.baseUrl));
    await until('everyone joined', () => clients.every((c) => c.state.joined), 60_000);

    // Ten askers on the doomed process, eight questions each, each retried with its clientId until acknowledged.
    const acknowledged = new Map<string, string>();
    const asked: string[] = [];
    const askers = clients.filter((_, i) => i % 2 === 0).slice(0, 10);
    const burst = Promise.all(
      askers.map(async (c, a) => {
        for (let k = 0; k < 8; k++) {
          const clientId = `burst-${a}-${k}-${randomUUID()}`;
          asked.push(clientId);
          const q = await c.ask(`Question ${k} from asker ${a}`, k % 3 === 0, clientId);
          acknowledged.set(clientId, q.id);
        }
      }),
    );
    await until('a third of the burst acknowledged', () => acknowledged.size >= 25, 30_000);
    await victim.kill();
    mark('killed');
    victim = await start(victimPort); // the same address: its clients come back by themselves
    mark('restarted');
    await burst;
    mark('burst acknowledged');
    assert.equal(acknowledged.size, 80);

    // No duplicates: each clientId made exactly one question.
    const stored: Array<{ client_id: string }> = await t.app.get(DataSource).query(`SELECT client_id FROM question WHERE session_id = $1`, [ev.live]);
    assert.equal(stored.length, 80);
    assert.equal(new Set(stored.map((r) => r.client_id)).size, 80);

    await assertViewsComplete(ev.live, clients, people, acknowledged);
    clients.forEach((c) => c.stop());
  });

  it('a rolling restart (SIGTERM) during a burst: no error reaches any client, no question is lost, the stopping process exits cleanly', async () => {
    const ev = await createLiveEvent(t, smtp, owner);
    const people = await attendees(ev, 60);
    const first = await start();
    const second = await start();
    const balancer = await startTcpBalancer([Number(new URL(first.baseUrl).port), Number(new URL(second.baseUrl).port)]);
    balancers.push(balancer);
    const clients = connectAll(ev, people, () => balancer.url);
    const errors: string[] = [];
    clients.forEach((c, i) => c.subscribe((s) => (s.error || s.closed) && errors.push(`attendee ${i}: ${(s.error ?? s.closed)!.code} ${(s.error ?? s.closed)!.message}`)));
    await until('everyone joined', () => clients.every((c) => c.state.joined), 60_000);
    assert.ok(clients.some((c) => c.state.connected), 'connected');

    const acknowledged = new Map<string, string>();
    const failures: string[] = [];
    const burst = Promise.all(
      clients.slice(0, 12).map(async (c, a) => {
        for (let k = 0; k < 6; k++) {
          const clientId = `rolling-${a}-${k}-${randomUUID()}`;
          try {
            acknowledged.set(clientId, (await c.ask(`Rolling question ${k} from ${a}`, false, clientId)).id);
          } catch (error) {
            failures.push(`${clientId}: ${(error as Error).message}`);
          }
        }
      }),
    );
    await until('part of the burst acknowledged', () => acknowledged.size >= 15, 30_000);
    const exitCode = await first.stop(); // SIGTERM: drain, then exit
    await burst;
    assert.equal(exitCode, 0, 'the stopping process exits cleanly');
    assert.deepEqual(failures, [], 'no ask failed');
    assert.deepEqual(errors, [], 'no error reached a client');
    assert.equal(acknowledged.size, 72);
    await assertViewsComplete(ev.live, clients, people, acknowledged);
    // They all moved to the process that stayed.
    assert.ok(clients.every((c) => c.state.connected));
    clients.forEach((c) => c.stop());
  });
});
