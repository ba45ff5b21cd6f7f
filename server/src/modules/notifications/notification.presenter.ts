import type { Notification, NotificationKind } from '@vigil/shared';
import type { InboxRow } from './notification.repo.js';

/** Row to API shape. */
export function presentNotification(r: InboxRow): Notification {
  return {
    id: r.id,
    kind: r.kind as NotificationKind,
    urgency: r.urgency,
    title: r.title,
    body: r.body,
    incident: r.incident_id && r.incident_number ? { id: r.incident_id, number: r.incident_number, title: r.incident_title ?? '' } : null,
    ackUrl: r.ack_url,
    readAt: r.read_at?.toISOString() ?? null,
    createdAt: r.created_at.toISOString(),
  };
}
