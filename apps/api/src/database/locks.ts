import { Client } from 'pg';
import type { DataSource, EntityManager } from 'typeorm';

/**
 * A transaction-scoped advisory lock on one event's programme. Every write that must see a
 * consistent programme (conflict checks, date changes) takes it first: lock, check, write, commit.
 * Released by PostgreSQL at commit or rollback.
 */
export async function lockEventProgramme(manager: EntityManager, eventId: string): Promise<void> {
  await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended('programme:' || $1, 0))`, [eventId]);
}

/**
 * The key of the session-level advisory lock under which migrations run: the eight bytes of the
 * ASCII text "amphimig" read as one bigint (0x616d7068696d6967). Fixed for ever: every version of
 * Amphi must take the same key, or an old and a new process could migrate the same database at once.
 * The other advisory locks here hash a prefixed text with hashtextextended; a collision with this
 * constant is a 1-in-2^64 chance, and would only make one wait for the other.
 */
export const MIGRATION_LOCK_KEY = '7020390987888159079';

/**
 * Runs the pending migrations of `dataSource` while holding the migration lock, so that several API
 * processes starting together on one database apply each migration once: the first takes the lock
 * and migrates, the others wait for it, then find nothing left to run.
 *
 * The lock is session-level, held on a connection of its own (not one of the pool's, which the
 * migrations use, so a pool of one cannot deadlock), and is released by PostgreSQL if the process
 * dies mid-way. Each migration still runs in its own transaction (migrationsTransactionMode 'each').
 */
export async function runMigrationsUnderLock(dataSource: DataSource, url: string, log: (message: string) => void = () => undefined): Promise<number> {
  const lock = new Client({ connectionString: url, application_name: 'amphi-migrations' });
  await lock.connect();
  try {
    const { rows } = await lock.query<{ taken: boolean }>('SELECT pg_try_advisory_lock($1::bigint) AS taken', [MIGRATION_LOCK_KEY]);
    if (!rows[0].taken) {
      log('Another process is applying the migrations: waiting for it.');
      await lock.query('SELECT pg_advisory_lock($1::bigint)', [MIGRATION_LOCK_KEY]);
    }
    try {
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      if (applied.length > 0) log(`Applied ${applied.length} migration(s): ${applied.map((m) => m.name).join(', ')}.`);
      return applied.length;
    } finally {
      await lock.query('SELECT pg_advisory_unlock($1::bigint)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await lock.end();
  }
}
