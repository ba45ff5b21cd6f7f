import { z } from 'zod';
import type { Tx } from '../../db/client.js';
import { defineJob, enqueueJob, type JobDefinition } from '../../platform/jobs/jobs.js';
import { attemptDelivery } from './delivery.attempt.js';
import { fanOutTimelineEvent } from './delivery.fanout.js';

const sendPayload = z.object({ deliveryId: z.uuid(), attempt: z.number().int().min(1) });
type SendPayload = z.infer<typeof sendPayload>;

/**
 * One attempt of one delivery. The delivery row owns its retry schedule (per channel, with
 * Retry-After and a manual resend); this job's own retries only cover a crash or a database error
 * around the attempt, which then runs again (at least once; webhook-id and Message-ID let
 * receivers drop the duplicate).
 */
export const deliverySendJob: JobDefinition<SendPayload> = defineJob({
  name: 'deliveries.send',
  schema: sendPayload,
  maxAttempts: 5,
  backoff: { baseMs: 10_000, capMs: 10 * 60_000 },
  handler: async (payload, { deps, signal }) => attemptDelivery(deps, payload, signal),
});

const fanoutPayload = z.object({ eventId: z.number().int() });
type FanoutPayload = z.infer<typeof fanoutPayload>;

/** Turns one timeline event into a webhook delivery per subscribed endpoint; enqueued by a trigger on timeline_events (migration 0010). */
export const deliveryFanoutJob: JobDefinition<FanoutPayload> = defineJob({
  name: 'deliveries.fanout',
  schema: fanoutPayload,
  maxAttempts: 10,
  backoff: { baseMs: 5_000, capMs: 10 * 60_000 },
  handler: async (payload, { deps }) => void (await fanOutTimelineEvent(deps, payload.eventId)),
});

/** Enqueues attempt `attempt` of a delivery at `runAt`, once: the key is the delivery and the attempt. */
export async function scheduleDeliveryAttempt(tx: Tx, deliveryId: string, attempt: number, runAt: Date, now: Date): Promise<void> {
  await enqueueJob(tx, deliverySendJob, { deliveryId, attempt }, now, { runAt, idempotencyKey: `deliveries.send:${deliveryId}:${attempt}` });
}

/** The job definitions of this module, registered at boot. */
export const deliveryJobs: readonly JobDefinition[] = [deliverySendJob, deliveryFanoutJob];
