import { sql } from 'kysely';
import type { DbOrTx } from '../../db/client.js';

/** Deletes sessions past their absolute expiry; returns the count. */
export async function deleteExpiredSessions(db: DbOrTx, now: Date): Promise<number> {
  const r = await db.deleteFrom('sessions').where('expires_at', '<', now).executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** Deletes sign-in throttle rows whose window began before windowStartedBefore and that block nobody now. */
export async function deleteStaleAuthThrottles(db: DbOrTx, windowStartedBefore: Date, now: Date): Promise<number> {
  const r = await db
    .deleteFrom('auth_throttle')
    .where('window_started_at', '<', windowStartedBefore)
    .where((eb) => eb.or([eb('blocked_until', 'is', null), eb('blocked_until', '<', now)]))
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** Reclaims dead rows and refreshes planner statistics; the embedded database has no autovacuum. */
export async function vacuumAnalyze(db: DbOrTx): Promise<void> {
  await sql`vacuum (analyze)`.execute(db);
}
