import { sql } from 'kysely';
import type { DbOrTx } from '../../db/client.js';
import type { JobRow } from '../../db/schema.js';

/** One claim of a job: the worker holds it while status is 'running', locked_by and attempts match. */
export type JobClaim = { id: number; workerId: string; attempt: number };

/**
 * Claims up to `limit` due jobs of the given names, oldest run_at first, in one statement (its own
 * short transaction): SKIP LOCKED lets concurrent workers take disjoint rows without waiting.
 */
export async function claimDueJobs(db: DbOrTx, o: { names: readonly string[]; workerId: string; now: Date; lockedUntil: Date; limit: number }): Promise<JobRow[]> {
  if (o.names.length === 0 || o.limit <= 0) return [];
  const rows = await db
    .with(
      (cte) => cte('due').materialized(),
      (qb) =>
        qb
          .selectFrom('jobs')
          .select('id')
          .where('status', '=', 'queued')
          .where('run_at', '<=', o.now)
          .where('name', 'in', o.names)
          .orderBy('run_at')
          .orderBy('id')
          .limit(o.limit)
          .forUpdate()
          .skipLocked(),
    )
    .updateTable('jobs')
    .from('due')
    .set((eb) => ({
      status: 'running',
      locked_by: o.workerId,
      locked_until: o.lockedUntil,
      attempts: eb('jobs.attempts', '+', 1),
    }))
    .whereRef('jobs.id', '=', 'due.id')
    .where('jobs.status', '=', 'queued')
    .returningAll('jobs')
    .execute();
  return rows.sort((a, b) => a.run_at.getTime() - b.run_at.getTime() || a.id - b.id);
}

/** The row is still running under this claim: not swept, not re-claimed by another worker or attempt. */
const held = (claim: JobClaim) => ({ id: claim.id, locked_by: claim.workerId, attempts: claim.attempt, status: 'running' as const });

/** Marks a claimed job done; false when the claim was lost (the sweeper re-queued it). */
export async function markJobDone(db: DbOrTx, claim: JobClaim, now: Date): Promise<boolean> {
  const r = await db
    .updateTable('jobs')
    .set({ status: 'done', finished_at: now, locked_until: null, last_error: null })
    .where((eb) => eb.and(held(claim)))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Puts a failed job back in the queue at runAt; false when the claim was lost. */
export async function markJobRetry(db: DbOrTx, claim: JobClaim, runAt: Date, error: string): Promise<boolean> {
  const r = await db
    .updateTable('jobs')
    .set({ status: 'queued', run_at: runAt, locked_by: null, locked_until: null, last_error: error })
    .where((eb) => eb.and(held(claim)))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Gives up on a claimed job; false when the claim was lost. */
export async function markJobDead(db: DbOrTx, claim: JobClaim, now: Date, error: string): Promise<boolean> {
  const r = await db
    .updateTable('jobs')
    .set({ status: 'dead', finished_at: now, locked_until: null, last_error: error })
    .where((eb) => eb.and(held(claim)))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Extends a lease that has not yet expired; false when it expired or was taken (an expired lease is never revived). */
export async function extendJobLease(db: DbOrTx, claim: JobClaim, now: Date, lockedUntil: Date): Promise<boolean> {
  const r = await db
    .updateTable('jobs')
    .set({ locked_until: lockedUntil })
    .where((eb) => eb.and(held(claim)))
    .where('locked_until', '>=', now)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export const LEASE_EXPIRED_ERROR = 'lease expired: the worker running it stopped or crashed';

/**
 * Returns running jobs whose lease has passed to the queue (attempts kept), or to 'dead' when that
 * was their last attempt, so a job that kills its worker cannot loop forever.
 */
export async function releaseExpiredLeases(db: DbOrTx, now: Date): Promise<{ requeued: number; dead: number }> {
  const rows = await db
    .updateTable('jobs')
    .set({
      status: sql<'dead' | 'queued'>`case when attempts >= max_attempts then 'dead' else 'queued' end`,
      finished_at: sql<Date | null>`case when attempts >= max_attempts then ${now}::timestamptz end`,
      locked_by: null,
      locked_until: null,
      last_error: LEASE_EXPIRED_ERROR,
    })
    .where('status', '=', 'running')
    .where('locked_until', '<', now)
    .returning('status')
    .execute();
  const dead = rows.filter((r) => r.status === 'dead').length;
  return { requeued: rows.length - dead, dead };
}

/** Names of queued or running jobs that no registered definition handles, with their counts. */
export async function selectUnhandledJobNames(db: DbOrTx, names: readonly string[]): Promise<Array<{ name: string; count: number }>> {
  let q = db
    .selectFrom('jobs')
    .select(['name', sql<number>`count(*)::int`.as('count')])
    .where('status', 'in', ['queued', 'running']);
  if (names.length > 0) q = q.where('name', 'not in', names);
  return q.groupBy('name').orderBy('name').execute();
}

/** Deletes done jobs finished before `before`, in batches so no statement holds many row locks; returns the count. */
export async function purgeDoneJobs(db: DbOrTx, before: Date, batchSize = 5000): Promise<number> {
  let total = 0;
  for (;;) {
    const r = await db
      .deleteFrom('jobs')
      .where('id', 'in', (qb) => qb.selectFrom('jobs').select('id').where('status', '=', 'done').where('finished_at', '<', before).limit(batchSize))
      .executeTakeFirst();
    const n = Number(r.numDeletedRows);
    total += n;
    if (n < batchSize) return total;
  }
}

/** Whether a job of this name is queued or running (self-scheduling jobs check before starting a chain). */
export async function hasPendingJob(db: DbOrTx, name: string): Promise<boolean> {
  const row = await db.selectFrom('jobs').select('id').where('name', '=', name).where('status', 'in', ['queued', 'running']).limit(1).executeTakeFirst();
  return row !== undefined;
}
