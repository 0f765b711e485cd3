#!/usr/bin/env node
// Runs every test (unit *.spec.js and end-to-end *.e2e.js, compiled into dist-test/) with Node's
// test runner against a real PostgreSQL: TEST_DATABASE_URL or DATABASE_URL when set, otherwise an
// embedded server started here in a temporary folder and stopped at the end.
// The live-room tests start a real livekit-server: LIVEKIT_SERVER_BIN when set, otherwise the one
// scripts/build-livekit-server.sh builds (once, cached in ~/.cache/amphi); a failed build fails the run.
// The storage tests start a real S3-compatible server (MinIO): S3_TEST_SERVER_BIN when set, otherwise the
// one scripts/install-s3-test-server.sh builds (once, cached in ~/.cache/amphi); a failed build fails the run.
// Prints the runner's own report, then one line: "N passed, N failed[, N skipped]".
import { spawn, spawnSync } from 'node:child_process';
import { accessSync, constants, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { startTemporaryPostgres } from '../scripts/temporary-postgres.mjs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const only = process.argv.slice(2); // optional substrings to select test files
// Where the compiled tests are (AMPHI_TEST_DIST lets several people compile and run at once in one checkout).
const distDir = process.env.AMPHI_TEST_DIST ?? 'dist-test';

function findTests(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return findTests(path);
    return /\.(spec|e2e)\.js$/.test(name) ? [path] : [];
  });
}

const files = findTests(join(root, distDir))
  .filter((f) => !f.includes('/node_modules/'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();
if (files.length === 0) {
  console.error('No test files found under dist-test/. Run `npm test`, which compiles them first.');
  process.exit(1);
}

let embedded;
const env = { ...process.env };

// livekit-server, before anything is started: never skip the live-room tests silently.
const isExecutable = (path) => {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};
if (env.LIVEKIT_SERVER_BIN) {
  if (!isExecutable(env.LIVEKIT_SERVER_BIN)) {
    console.error(`LIVEKIT_SERVER_BIN=${env.LIVEKIT_SERVER_BIN} is not an executable file.`);
    process.exit(1);
  }
} else {
  // Its progress and errors go to stderr as they come; the binary's path is the last line of stdout.
  const build = spawnSync('bash', [join(root, 'scripts/build-livekit-server.sh')], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const bin = build.stdout?.trim().split('\n').pop()?.trim();
  if (build.status !== 0 || !bin || !isExecutable(bin)) {
    if (build.stdout) process.stderr.write(build.stdout);
    console.error(
      `\nCould not build livekit-server (scripts/build-livekit-server.sh ${build.error ? `failed to start: ${build.error.message}` : `exited with ${build.status ?? build.signal}`}).\n` +
        'The live-room tests need it: install Go (https://go.dev/dl/) and network access to proxy.golang.org, ' +
        'or set LIVEKIT_SERVER_BIN to a livekit-server binary.',
    );
    process.exit(1);
  }
  env.LIVEKIT_SERVER_BIN = bin;
}
console.log(`livekit-server: ${env.LIVEKIT_SERVER_BIN}`);

// The S3-compatible server of the storage tests (MinIO), likewise: never skip them silently.
if (env.S3_TEST_SERVER_BIN) {
  if (!isExecutable(env.S3_TEST_SERVER_BIN)) {
    console.error(`S3_TEST_SERVER_BIN=${env.S3_TEST_SERVER_BIN} is not an executable file.`);
    process.exit(1);
  }
} else {
  // Its progress and errors go to stderr as they come; the binary's path is the last line of stdout.
  const install = spawnSync('bash', [join(root, 'scripts/install-s3-test-server.sh')], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const bin = install.stdout?.trim().split('\n').pop()?.trim();
  if (install.status !== 0 || !bin || !isExecutable(bin)) {
    if (install.stdout) process.stderr.write(install.stdout);
    console.error(
      `\nCould not build MinIO (scripts/install-s3-test-server.sh ${install.error ? `failed to start: ${install.error.message}` : `exited with ${install.status ?? install.signal}`}).\n` +
        'The storage tests need it: install Go (https://go.dev/dl/) and network access to proxy.golang.org, ' +
        'or set S3_TEST_SERVER_BIN to a minio binary.',
    );
    process.exit(1);
  }
  env.S3_TEST_SERVER_BIN = bin;
}
console.log(`S3 test server (MinIO): ${env.S3_TEST_SERVER_BIN}`);

if (!env.TEST_DATABASE_URL) {
  if (env.DATABASE_URL) env.TEST_DATABASE_URL = env.DATABASE_URL;
  else {
    try {
      embedded = await startTemporaryPostgres(join(root, distDir, 'apps/api/src/database/embedded-postgres.js'));
    } catch (error) {
      // EmbeddedPostgresError says what to do (as root in a private folder, for instance); anything else is shown whole.
      console.error(`\nThe tests' PostgreSQL could not start. ${error?.name === 'EmbeddedPostgresError' ? error.message : error?.stack ?? error}\nOr set TEST_DATABASE_URL to a PostgreSQL server the tests may create databases on.`);
      process.exit(1);
    }
    env.TEST_DATABASE_URL = embedded.url;
    console.log(`Test PostgreSQL (embedded) on ${new URL(embedded.url).host}`);
  }
}
delete env.DATABASE_URL; // each test file makes its own database on that server

const tap = join(mkdtempSync(join(tmpdir(), 'amphi-tap-')), 'report.tap');
const args = [
  '--test',
  '--test-concurrency=2',
  '--test-reporter=spec',
  '--test-reporter-destination=stdout',
  '--test-reporter=tap',
  `--test-reporter-destination=${tap}`,
  ...files.map((f) => relative(root, f)),
];
const child = spawn(process.execPath, args, { cwd: root, env, stdio: 'inherit' });
const code = await new Promise((resolve) => child.on('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0))));

await embedded?.stop();

// The closing line, counted from the runner's own TAP report.
const report = readFileSync(tap, 'utf8');
const count = (name) => Number(report.match(new RegExp(`^# ${name} (\\d+)$`, 'm'))?.[1] ?? 0);
const passed = count('pass');
const failed = count('fail') + count('cancelled');
const skipped = count('skipped') + count('todo');
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(code !== 0 ? code : failed > 0 || passed === 0 ? 1 : 0);
