import type { Deps } from '../../platform/context.js';
import { purgeDoneJobs } from '../../platform/jobs/jobs.repo.js';
import { deleteExpiredSessions, deleteStaleAuthThrottles, vacuumAnalyze } from './maintenance.repo.js';

/** Done jobs are kept this long for inspection; dead jobs are kept until someone deals with them. */
export const DONE_JOB_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;
/** Longer than any sign-in throttle window, so a window still counting is never cut short. */
export const AUTH_THROTTLE_RETENTION_MS = 24 * 60 * 60 * 1000;

export type CleanupResult = { sessions: number; authThrottles: number; doneJobs: number };

/**
 * Deletes rows that have outlived their purpose: expired sessions, sign-in throttle rows whose
 * window is over, done jobs past retention; on the embedded database also vacuums and analyzes,
 * which a PostgreSQL server's autovacuum does by itself. Housekeeping, so no audit record.
 */
export async function cleanupExpiredRows(deps: Deps, now: Date): Promise<CleanupResult> {
  const sessions = await deleteExpiredSessions(deps.db, now);
  const authThrottles = await deleteStaleAuthThrottles(deps.db, new Date(now.getTime() - AUTH_THROTTLE_RETENTION_MS), now);
  const doneJobs = await purgeDoneJobs(deps.db, new Date(now.getTime() - DONE_JOB_RETENTION_MS));
  if (deps.dbKind === 'pglite') await vacuumAnalyze(deps.db);
  return { sessions, authThrottles, doneJobs };
}
