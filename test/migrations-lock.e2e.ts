import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../apps/api/src/database/data-source-options';
import { MIGRATION_LOCK_KEY, runMigrationsUnderLock } from '../apps/api/src/database/locks';
import { MIGRATIONS } from '../apps/api/src/database/migrations';
import { freshDatabase } from './support/harness';
import { startApiProcess, type ApiProcess } from './support/api-process';
import { until } from './support/wait';

/**
 * Several API processes start together on one database (the README recommends several behind a load
 * balancer): the migrations must be applied once, by one of them, under a PostgreSQL advisory lock.
 */

async function query<T>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

describe('migrations under an advisory lock', () => {
  const processes: ApiProcess[] = [];
  after(() => Promise.all(processes.map((p) => p.stop())));

  it('two API processes started at the same moment on an empty database both become healthy and apply each migration once', async () => {
    const databaseUrl = await freshDatabase();
    const logs = ['', ''];
    // LOG_LEVEL log: each process says whether it applied migrations, waited, or found nothing to do.
    const env = { AUTH_SECRET: randomBytes(32).toString('hex'), LOG_LEVEL: 'log' };
    const started = await Promise.allSettled(logs.map((_, i) => startApiProcess(databaseUrl, env, { output: (text) => (logs[i] += text) })));
    for (const s of started) if (s.status === 'fulfilled') processes.push(s.value);
    assert.deepEqual(
      started.map((s) => s.status),
      ['fulfilled', 'fulfilled'],
      `both processes answer /api/health; logs:\n${logs.join('\n----\n')}`,
    );
    for (const p of processes) assert.equal((await fetch(`${p.baseUrl}/api/health`)).status, 200);

    const applied = await query<{ name: string; times: number }>(databaseUrl, 'SELECT name, count(*)::int AS times FROM migration GROUP BY name ORDER BY name');
    assert.deepEqual(
      applied.map((m) => m.name).sort(),
      MIGRATIONS.map((m) => m.name).sort(),
      'every migration is recorded',
    );
    assert.ok(
      applied.every((m) => m.times === 1),
      `each migration once: ${JSON.stringify(applied)}`,
    );
    // Exactly one of them applied the migrations; the other waited for it or found nothing left to do.
    assert.equal(logs.filter((log) => /Applied \d+ migration/.test(log)).length, 1, logs.join('\n----\n'));
    for (const log of logs) assert.doesNotMatch(log, /\bERROR\b|error:|Unable to connect|QueryFailedError/i, log);
  });

  it('waits while another holds the lock, then applies the migrations; the next finds nothing to run', async () => {
    const databaseUrl = await freshDatabase();
    const holder = new Client({ connectionString: databaseUrl });
    await holder.connect();
    const dataSource = await new DataSource(dataSourceOptions(databaseUrl, 2)).initialize();
    try {
      await holder.query('SELECT pg_advisory_lock($1::bigint)', [MIGRATION_LOCK_KEY]);
      const messages: string[] = [];
      const running = runMigrationsUnderLock(dataSource, databaseUrl, (m) => messages.push(m));
      // The migrating connection is seen waiting on a lock in PostgreSQL itself, not assumed to be.
      await until('the migration connection waits on the advisory lock', 60_000, async () => {
        const rows = await query<{ waiting: boolean }>(
          databaseUrl,
          `SELECT wait_event_type = 'Lock' AS waiting FROM pg_stat_activity WHERE application_name = 'amphi-migrations' AND datname = current_database()`,
        );
        return rows.some((r) => r.waiting);
      });
      assert.deepEqual(await query(databaseUrl, `SELECT to_regclass('migration') AS t`), [{ t: null }], 'nothing migrated while the lock is held');
      assert.deepEqual(messages, ['Another process is applying the migrations: waiting for it.']);

      await holder.query('SELECT pg_advisory_unlock($1::bigint)', [MIGRATION_LOCK_KEY]);
      assert.equal(await running, MIGRATIONS.length);
      assert.equal(await runMigrationsUnderLock(dataSource, databaseUrl), 0, 'a second run finds nothing to do');
      // Released: nobody holds the migration lock any more.
      const held = await query(
        databaseUrl,
        `SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
           AND ((classid::bigint << 32) | objid::bigint) = $1::bigint`,
        [MIGRATION_LOCK_KEY],
      );
      assert.equal(held.length, 0);
    } finally {
      await dataSource.destroy();
      await holder.end();
    }
  });
});
