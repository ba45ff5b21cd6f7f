import { z } from 'zod';
import type { Db } from '../../db/client.js';
import type { Deps } from '../../platform/context.js';
import { defineJob, enqueueJob, type JobDefinition } from '../../platform/jobs/jobs.js';
import { hasPendingJob } from '../../platform/jobs/jobs.repo.js';
import { cleanupExpiredRows } from './maintenance.commands.js';

export const CLEANUP_INTERVAL_MS = 60 * 60 * 1000;

const cleanupPayload = z.object({});
type CleanupPayload = z.infer<typeof cleanupPayload>;

/** The idempotency key of the cleanup run due in the UTC hour of `runAt`: at most one run per hour is ever enqueued. */
export function cleanupKey(runAt: Date): string {
  return `maintenance.cleanup@${runAt.toISOString().slice(0, 13)}`;
}

/** Enqueues the next cleanup one interval from now; a no-op if that hour's run is already enqueued. */
export async function scheduleNextCleanup(db: Db, now: Date): Promise<number | null> {
  const runAt = new Date(now.getTime() + CLEANUP_INTERVAL_MS);
  return enqueueJob(db, maintenanceCleanupJob, {}, now, { runAt, idempotencyKey: cleanupKey(runAt) });
}

/**
 * Hourly housekeeping that schedules itself: each run enqueues the next one, keyed by its hour, so
 * retries and concurrent runs converge on one pending run.
 */
export const maintenanceCleanupJob: JobDefinition<CleanupPayload> = defineJob({
  name: 'maintenance.cleanup',
  schema: cleanupPayload,
  maxAttempts: 5,
  backoff: { baseMs: 60_000, capMs: 15 * 60_000 },
  handler: async (_payload, { deps }) => {
    const now = deps.clock.now();
    try {
      const result = await cleanupExpiredRows(deps, now);
      deps.log.info(result, 'maintenance cleanup done');
    } finally {
      // Even after a failed run, so the hourly chain never breaks.
      await scheduleNextCleanup(deps.db, now);
    }
  },
});

/** Startup: enqueues a cleanup now unless one is already pending, keyed by the hour so concurrent starts enqueue one. */
export async function scheduleMaintenance(deps: Deps): Promise<number | null> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (tx) => {
    if (await hasPendingJob(tx, maintenanceCleanupJob.name)) return null;
    return enqueueJob(tx, maintenanceCleanupJob, {}, now, { idempotencyKey: cleanupKey(now) });
  });
}

/** The job definitions of this module, registered at boot. */
export const maintenanceJobs: readonly JobDefinition[] = [maintenanceCleanupJob];
