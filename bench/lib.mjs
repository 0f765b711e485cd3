// Shared by the benchmarks: start Amphi (built) on an embedded PostgreSQL, fire HTTP load, summarise.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { freePort, startTemporaryPostgres } from '../scripts/temporary-postgres.mjs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'node:http';
import { connect } from 'node:net';

export { freePort };
export const root = new URL('..', import.meta.url).pathname;

/** An embedded PostgreSQL in a temporary folder, or DATABASE_URL when set. */
export async function startDatabase() {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, stop: async () => {} };
  return startTemporaryPostgres(join(root, 'dist/apps/api/database/embedded-postgres.js'));
}

/**
 * Starts the built API as a child process and waits (bounded) for /api/health; answers
 * { base, port, pid, mailbox, listeningAt, kill, stop }. `port`: a given port (a restart on the
 * same address), else a free one. `onSpawn(pid)`: called as soon as the process exists (to sample
 * its memory from its first moment); `timeoutMs`: how long to wait for it (60 s).
 * `listeningAt`: process.hrtime in ms of the first TCP connection the process accepted (polled every
 * 50 ms; it then answers once /api/health does). `kill()`: SIGKILL, resolves once it has exited.
 */
export async function startAmphi(databaseUrl, env = {}, { port: givenPort, onSpawn, timeoutMs = 60_000 } = {}) {
  const port = givenPort ?? (await freePort());
  const mailbox = mkdtempSync(join(tmpdir(), 'amphi-bench-mail-'));
  const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
  const child = spawn(process.execPath, [...profile, join(root, 'dist/apps/api/main.js')], {
    cwd: root,
    env: { ...process.env, NODE_ENV: 'production', HOST: '127.0.0.1', PORT: String(port), DATABASE_URL: databaseUrl, AUTH_SECRET: 'bench-secret-bench-secret-bench-secret-00', DEMO_DATA: 'false', MAILBOX_DIR: mailbox, LOG_LEVEL: 'error', ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  onSpawn?.(child.pid);
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  let listeningAt = null;
  while (Date.now() < deadline && child.exitCode === null) {
    try {
      // The kernel accepts a connection as soon as the process listens, however busy its event loop.
      listeningAt ??= (await accepts(port)) ? Number(process.hrtime.bigint()) / 1e6 : null;
      if (listeningAt !== null && (await fetch(`${base}/api/health`)).ok)
        return {
          base,
          port,
          pid: child.pid,
          mailbox,
          listeningAt,
          kill: () => killChild(child).finally(() => rmSync(mailbox, { recursive: true, force: true })),
          stop: () => stopChild(child).finally(() => rmSync(mailbox, { recursive: true, force: true })),
        };
    } catch {}
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill('SIGKILL');
  throw new Error(child.exitCode === null ? `Amphi did not answer /api/health within ${timeoutMs / 1000} s` : `Amphi exited (${child.exitCode}) before answering /api/health`);
}

/** Whether something accepts a TCP connection on this loopback port. */
const accepts = (port) =>
  new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });

/** SIGKILL (a crash: no drain, nothing flushed); resolves once the process has exited. */
async function killChild(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await exited;
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
