import { z } from 'zod';
import type { DbOrTx } from '../../db/client.js';
import type { ClockRow } from '../../db/schema.js';
import type { Deps } from '../../platform/context.js';
import { defineJob, enqueueJob, type JobDefinition } from '../../platform/jobs/jobs.js';
import { hasPendingJob } from '../../platform/jobs/jobs.repo.js';
import { fireBreach, fireWarning } from './clock.fire.js';
import { selectOverdueClocks } from './clock.repo.js';

/**
 * Timers are rows: a clock's warning and breach are jobs with `run_at`, keyed by the clock's id and
 * version. A job whose version is no longer the clock's (paused, retargeted, met) does nothing, so
 * each warning and each breach acts once. A sweeper re-enqueues anything overdue that has no job.
 */

const timerPayload = z.object({ clockId: z.uuid(), version: z.number().int().positive() });
export type TimerPayload = z.infer<typeof timerPayload>;

/** Breach actions write rows in the job's transaction; a failure (say, a lock timeout) retries soon. */
const timerBackoff = { baseMs: 2_000, capMs: 5 * 60_000 };

export const breachKey = (clockId: string, version: number) => `clocks.breach:${clockId}:${version}`;
export const warnKey = (clockId: string, version: number) => `clocks.warn:${clockId}:${version}`;

export const clockWarnJob: JobDefinition<TimerPayload> = defineJob({
  name: 'clocks.warn',
  schema: timerPayload,
  maxAttempts: 20,
  backoff: timerBackoff,
  handler: (payload, { deps }) => fireWarning(deps, payload),
});

export const clockBreachJob: JobDefinition<TimerPayload> = defineJob({
  name: 'clocks.breach',
  schema: timerPayload,
  maxAttempts: 20,
  backoff: timerBackoff,
  handler: (payload, { deps }) => fireBreach(deps, payload),
});

/** Enqueues the warning and breach jobs of a running clock's current version (a no-op for any other state). */
export async function scheduleTimers(db: DbOrTx, clock: ClockRow, now: Date): Promise<void> {
  if (clock.state !== 'running' || !clock.due_at) return;
  const payload = { clockId: clock.id, version: clock.version };
  await enqueueJob(db, clockBreachJob, payload, now, { runAt: clock.due_at, idempotencyKey: breachKey(clock.id, clock.version) });
  if (clock.warn_at && !clock.warned_at && clock.warn_at.getTime() < clock.due_at.getTime()) {
    await enqueueJob(db, clockWarnJob, payload, now, { runAt: clock.warn_at, idempotencyKey: warnKey(clock.id, clock.version) });
  }
}

export const SWEEP_INTERVAL_MS = 60_000;
const SWEEP_BATCH = 500;

/** The key of the sweep due in the UTC minute of `runAt`: one run per minute however many workers schedule it. */
export const sweepKey = (runAt: Date) => `clocks.sweep@${runAt.toISOString().slice(0, 16)}`;

/**
 * Enqueues the warning or breach job of every running clock past its time that has none (its key was
 * never enqueued, say after a restore or downtime across a deploy that lost queued rows). Jobs that
 * exist, in any status, are left alone: a key is enqueued at most once.
 */
export async function sweepOverdueClocks(deps: Deps): Promise<{ breaches: number; warnings: number }> {
  const now = deps.clock.now();
  const overdue = await selectOverdueClocks(deps.db, now, SWEEP_BATCH);
  let breaches = 0;
  let warnings = 0;
  for (const c of overdue) {
    const payload = { clockId: c.id, version: c.version };
    if (c.due_at && c.due_at.getTime() <= now.getTime()) {
      if ((await enqueueJob(deps.db, clockBreachJob, payload, now, { runAt: c.due_at, idempotencyKey: breachKey(c.id, c.version) })) !== null) breaches++;
    } else if (c.warn_at && !c.warned_at && c.warn_at.getTime() <= now.getTime()) {
      if ((await enqueueJob(deps.db, clockWarnJob, payload, now, { runAt: c.warn_at, idempotencyKey: warnKey(c.id, c.version) })) !== null) warnings++;
    }
  }
  if (breaches + warnings > 0) deps.log.warn({ breaches, warnings }, 'clock sweeper enqueued timers that were missing');
  return { breaches, warnings };
}

/** Enqueues the next sweep one interval from now (keyed by its minute). */
export async function scheduleNextSweep(db: DbOrTx, now: Date): Promise<number | null> {
  const runAt = new Date(now.getTime() + SWEEP_INTERVAL_MS);
  return enqueueJob(db, clockSweepJob, {}, now, { runAt, idempotencyKey: sweepKey(runAt) });
}

const sweepPayload = z.object({});
type SweepPayload = z.infer<typeof sweepPayload>;

/** Runs every minute and schedules its own next run, also after a failed one. */
export const clockSweepJob: JobDefinition<SweepPayload> = defineJob({
  name: 'clocks.sweep',
  schema: sweepPayload,
  maxAttempts: 3,
  backoff: { baseMs: 5_000, capMs: 30_000 },
  handler: async (_payload, { deps }) => {
    try {
      await sweepOverdueClocks(deps);
    } finally {
      await scheduleNextSweep(deps.db, deps.clock.now());
    }
  },
});

/** Startup: starts the sweep chain unless a sweep is already pending (one chain however many workers start). */
export async function scheduleClockSweep(deps: Deps): Promise<number | null> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (tx) => {
    if (await hasPendingJob(tx, clockSweepJob.name)) return null;
    return enqueueJob(tx, clockSweepJob, {}, now, { idempotencyKey: sweepKey(now) });
  });
}

/** The job definitions of this module, registered at boot. */
export const clockJobs: readonly JobDefinition[] = [clockWarnJob, clockBreachJob, clockSweepJob] as readonly JobDefinition[];
