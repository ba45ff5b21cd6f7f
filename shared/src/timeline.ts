import { z } from 'zod';

/**
 * Typed timeline events. The timeline is the incident's documentation; later issues add their own
 * types here (clocks, escalations, notifications, alerts, actions).
 */
export const timelineEventTypes = [
  'incident.created',
  'incident.field_changed',
  'incident.status_changed',
  'incident.assigned',
  'incident.priority_changed',
  'incident.watcher_added',
  'incident.watcher_removed',
  'incident.merged',
  'incident.duplicate_merged',
  'comment.added',
  'attachment.added',
  'link.added',
  'link.removed',
  'decision.recorded',
  'communication.sent',
  'communication.received',
  'notification.sent',
  'escalation.started',
  'escalation.step',
  'escalation.stopped',
  'incident.acknowledged',
  'clock.started',
  'clock.paused',
  'clock.resumed',
  'clock.retargeted',
  'clock.warning',
  'clock.met',
  'clock.breached',
  'clock.waived',
  'alert.received',
  'action.changed',
  'routing.applied',
] as const;

export const timelineEventTypeSchema = z.enum(timelineEventTypes);
export type TimelineEventType = z.infer<typeof timelineEventTypeSchema>;

export const timelineEventSchema = z.object({
  id: z.number().int(),
  incidentId: z.uuid(),
  type: timelineEventTypeSchema,
  actor: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  visibility: z.enum(['internal', 'public']),
  data: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
});
export type TimelineEvent = z.infer<typeof timelineEventSchema>;
