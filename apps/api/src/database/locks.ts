import type { EntityManager } from 'typeorm';

/**
 * A transaction-scoped advisory lock on one event's programme. Every write that must see a
 * consistent programme (conflict checks, date changes) takes it first: lock, check, write, commit.
 * Released by PostgreSQL at commit or rollback.
 */
export async function lockEventProgramme(manager: EntityManager, eventId: string): Promise<void> {
  await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended('programme:' || $1, 0))`, [eventId]);
}
