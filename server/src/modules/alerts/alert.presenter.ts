import type { Alert, AlertHistoryEntry } from '@vigil/shared';
import type { AlertHistoryRow, AlertRow } from '../../db/schema.js';

/** An alert with the names its presentation shows. */
export type AlertView = AlertRow & {
  integration_name: string;
  integration_kind: Alert['integration']['kind'];
  incident_number: string | null;
  incident_title: string | null;
};

export function presentAlert(v: AlertView): Alert {
  return {
    id: v.id,
    integration: { id: v.integration_id, name: v.integration_name, kind: v.integration_kind },
    dedupKey: v.dedup_key,
    groupKey: v.group_key,
    status: v.status,
    title: v.title,
    severity: v.severity,
    source: v.source,
    labels: v.labels,
    incident: v.incident_id && v.incident_number ? { id: v.incident_id, number: v.incident_number, title: v.incident_title ?? '' } : null,
    eventCount: v.event_count,
    firstEventAt: v.first_event_at.toISOString(),
    lastEventAt: v.last_event_at.toISOString(),
    acknowledgedAt: v.acknowledged_at?.toISOString() ?? null,
    resolvedAt: v.resolved_at?.toISOString() ?? null,
  };
}

export function presentHistoryEntry(h: AlertHistoryRow): AlertHistoryEntry {
  return { id: h.id, eventId: h.event_id, action: h.action, status: h.status, at: h.at.toISOString(), data: h.data };
}

/** What the audit trail keeps of an alert. */
export function auditAlert(a: AlertRow) {
  return {
    integrationId: a.integration_id,
    dedupKey: a.dedup_key,
    groupKey: a.group_key,
    status: a.status,
    title: a.title,
    severity: a.severity,
    incidentId: a.incident_id,
    acknowledgedAt: a.acknowledged_at?.toISOString() ?? null,
    resolvedAt: a.resolved_at?.toISOString() ?? null,
  };
}
