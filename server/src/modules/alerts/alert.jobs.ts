import { z } from 'zod';
import { defineJob, type JobDefinition } from '../../platform/jobs/jobs.js';
import { processAlertEvent } from './alert-process.commands.js';

const processPayload = z.object({ eventId: z.number().int().positive() });
type ProcessPayload = z.infer<typeof processPayload>;

/**
 * Applies one stored inbound event (and any earlier pending ones of its stream). Idempotent; a
 * database error retries it quickly at first, since the sender already has its 2xx.
 */
export const alertProcessJob: JobDefinition<ProcessPayload> = defineJob({
  name: 'alerts.process',
  schema: processPayload,
  maxAttempts: 20,
  backoff: { baseMs: 1_000, capMs: 10 * 60_000 },
  handler: async ({ eventId }, { deps }) => processAlertEvent(deps, eventId),
});

/** The job definitions of this module, registered at boot. */
export const alertJobs: readonly JobDefinition[] = [alertProcessJob];
