import { sql } from 'kysely';
import type { DbOrTx } from '../../db/client.js';

/** The latest block among the keys that is still running, if any. */
export async function selectBlockedUntil(db: DbOrTx, keys: string[], now: Date): Promise<Date | null> {
  const row = await db
    .selectFrom('auth_throttle')
    .select((eb) => eb.fn.max('blocked_until').as('until'))
    .where('key', 'in', keys)
    .where('blocked_until', '>', now)
    .executeTakeFirst();
  return row?.until ? new Date(row.until) : null;
}

/**
 * Counts one failure against a key in a fixed window, in one statement so concurrent failures all count;
 * reaching the limit blocks the key for `blockSeconds` from now.
 */
export async function recordFailure(db: DbOrTx, key: string, now: Date, limit: number, windowSeconds: number, blockSeconds: number): Promise<void> {
  const windowStart = new Date(now.getTime() - windowSeconds * 1000);
  const blockedUntil = new Date(now.getTime() + blockSeconds * 1000);
  const stale = sql<boolean>`auth_throttle.window_started_at <= ${windowStart}`;
  const next = sql<number>`case when ${stale} then 1 else auth_throttle.failures + 1 end`;
  await db
    .insertInto('auth_throttle')
    .values({ key, failures: 1, window_started_at: now, blocked_until: limit <= 1 ? blockedUntil : null })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        failures: next,
        window_started_at: sql`case when ${stale} then ${now}::timestamptz else auth_throttle.window_started_at end`,
        blocked_until: sql`case when ${next} >= ${limit}::int then ${blockedUntil}::timestamptz else auth_throttle.blocked_until end`,
      }),
    )
    .execute();
}

export async function deleteThrottle(db: DbOrTx, key: string): Promise<void> {
  await db.deleteFrom('auth_throttle').where('key', '=', key).execute();
}

/** Deletes up to `max` counters whose window and block are both over, so sprayed emails do not pile up. */
export async function pruneThrottle(db: DbOrTx, now: Date, windowSeconds: number, max = 100): Promise<void> {
  const windowStart = new Date(now.getTime() - windowSeconds * 1000);
  await db
    .deleteFrom('auth_throttle')
    .where('key', 'in', (eb) =>
      eb
        .selectFrom('auth_throttle')
        .select('key')
        .where('window_started_at', '<=', windowStart)
        .where((w) => w.or([w('blocked_until', 'is', null), w('blocked_until', '<=', now)]))
        .limit(max),
    )
    .execute();
}
