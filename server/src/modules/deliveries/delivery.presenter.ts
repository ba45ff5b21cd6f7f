import type { Delivery } from '@vigil/shared';
import type { DeliveryRow } from '../../db/schema.js';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** Row to log entry; the payload only in the detail view. */
export function presentDelivery(r: DeliveryRow): Delivery {
  return {
    id: r.id,
    channel: r.channel,
    target: r.target,
    incidentId: r.incident_id,
    eventKind: r.event_kind,
    status: r.status,
    attempts: r.attempts,
    maxAttempts: r.max_attempts,
    nextAttemptAt: iso(r.next_attempt_at),
    lastAttemptAt: iso(r.last_attempt_at),
    lastError: r.last_error,
    responseCode: r.response_code,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    deliveredAt: iso(r.delivered_at),
  };
}
