import type { BreachActions, LocalizedText, SlaPolicy } from '@vigil/shared';
import type { SlaPolicyRow } from '../../db/schema.js';

const MINUTE = 60_000;

type PolicyWithNames = SlaPolicyRow & { type_key: string; type_name: Record<string, string>; calendar_name: string | null };

/** Row to DTO; targets are stored in milliseconds and shown in minutes. */
export function presentSlaPolicy(row: PolicyWithNames): SlaPolicy {
  return {
    id: row.id,
    type: { id: row.type_id, key: row.type_key, name: row.type_name as LocalizedText },
    priority: row.priority,
    timeToAcknowledgeMinutes: Math.round(row.acknowledge_ms / MINUTE),
    timeToResolveMinutes: Math.round(row.resolve_ms / MINUTE),
    timeToFirstPublicUpdateMinutes: row.first_update_ms === null ? null : Math.round(row.first_update_ms / MINUTE),
    calendar: row.calendar_id ? { id: row.calendar_id, name: row.calendar_name ?? '' } : null,
    warnAtPercent: row.warn_percent,
    breachActions: row.breach_actions as BreachActions,
    version: row.version,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** What audit records keep of a policy. */
export function auditSlaPolicy(row: SlaPolicyRow): Record<string, unknown> {
  return {
    typeId: row.type_id,
    priority: row.priority,
    acknowledgeMs: row.acknowledge_ms,
    resolveMs: row.resolve_ms,
    firstUpdateMs: row.first_update_ms,
    calendarId: row.calendar_id,
    warnPercent: row.warn_percent,
    breachActions: row.breach_actions,
    version: row.version,
  };
}
