import { z } from 'zod';

/**
 * Live updates over Server-Sent Events: GET /api/v1/events.
 * - `incident`: something was written to the timeline of an incident the subscriber may see; the SSE
 *   `id` is the timeline event id, so an EventSource resumes after it (Last-Event-ID) on reconnect;
 * - `resync`: events may have been missed (too far behind to replay, or the server lost its database
 *   listener for a moment): reload what is on screen;
 * - any other event name is a per-user notice (`notification`, `saved_view`, ...) carrying `{ kind, id }`.
 */
export const liveIncidentEventSchema = z.object({
  id: z.uuid().describe('Incident id'),
  number: z.string(),
  eventType: z.string().describe('Timeline event type, e.g. incident.status_changed'),
  at: z.string().describe('When the timeline event was written'),
});
export type LiveIncidentEvent = z.infer<typeof liveIncidentEventSchema>;

export const liveUserEventSchema = z.object({ kind: z.string(), id: z.string() });
export type LiveUserEvent = z.infer<typeof liveUserEventSchema>;

export const liveResyncEventSchema = z.object({ reason: z.enum(['too_far_behind', 'events_lost']) });
export type LiveResyncEvent = z.infer<typeof liveResyncEventSchema>;

/** Event names the stream uses itself; per-user notices never take these. */
export const liveEventNames = { incident: 'incident', resync: 'resync' } as const;

export const liveQuerySchema = z.strictObject({
  lastEventId: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional().describe('Resume after this timeline event id (the Last-Event-ID header wins)'),
});

export const liveLimits = {
  /** Open streams per user across tabs and devices; one more is refused with too_many_streams. */
  streamsPerUser: 10,
  heartbeatSeconds: 15,
  /** The reconnection delay the server suggests to EventSource. */
  retryMs: 5000,
  /** Incident events replayed on resume; further behind, the client gets `resync`. */
  replayMax: 500,
} as const;
