// Shared by the benchmarks: start Amphi (built) on an embedded PostgreSQL, fire HTTP load, summarise.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { freePort, startTemporaryPostgres } from '../scripts/temporary-postgres.mjs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'node:http';

export { freePort };
export const root = new URL('..', import.meta.url).pathname;

/** An embedded PostgreSQL in a temporary folder, or DATABASE_URL when set. */
export async function startDatabase() {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, stop: async () => {} };
  return startTemporaryPostgres(join(root, 'dist/apps/api/database/embedded-postgres.js'));
}

/** Starts the built API as a child process and waits (bounded) for /api/health; answers { base, pid, mailbox, stop }. */
export async function startAmphi(databaseUrl, env = {}) {
  const port = await freePort();
  const mailbox = mkdtempSync(join(tmpdir(), 'amphi-bench-mail-'));
  const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
  const child = spawn(process.execPath, [...profile, join(root, 'dist/apps/api/main.js')], {
    cwd: root,
    env: { ...process.env, NODE_ENV: 'production', HOST: '127.0.0.1', PORT: String(port), DATABASE_URL: databaseUrl, AUTH_SECRET: 'bench-secret-bench-secret-bench-secret-00', DEMO_DATA: 'false', MAILBOX_DIR: mailbox, LOG_LEVEL: 'error', ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${base}/api/health`)).ok) return { base, pid: child.pid, mailbox, stop: () => stopChild(child).finally(() => rmSync(mailbox, { recursive: true, force: true })) };
    } catch {}
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill('SIGKILL');
  throw new Error('Amphi did not answer /api/health within 60 s');
}

/** SIGTERM, then SIGKILL after 10 s; resolves once the process has exited (at once if it already has). */
async function stopChild(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

const agent = new Agent({ keepAlive: true, maxSockets: 256 });

/** One JSON request; answers { status, body, ms }. */
export function call(url, method, body, headers = {}) {
  const started = process.hrtime.bigint();
  return new Promise((resolve) => {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const req = request(url, { method, agent, headers: { ...(payload ? { 'content-type': 'application/json', 'content-length': payload.length } : {}), ...headers } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        let parsed = null;
        try { parsed = JSON.parse(Buffer.concat(chunks).toString()); } catch {}
        resolve({ status: res.statusCode, body: parsed, ms: Number(process.hrtime.bigint() - started) / 1e6 });
      });
    });
    req.on('error', (error) => resolve({ status: 0, body: { error: error.message }, ms: Number(process.hrtime.bigint() - started) / 1e6 }));
    req.setTimeout(60_000, () => req.destroy(new Error('timeout')));
    if (payload) req.write(payload);
    req.end();
  });
}

/** Runs `count` requests, at most `concurrency` in flight; answers results and wall time. */
export async function load(count, concurrency, makeRequest) {
  const results = new Array(count);
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < count) {
        const i = next++;
        results[i] = await makeRequest(i);
      }
    }),
  );
  return { results, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

export function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}
