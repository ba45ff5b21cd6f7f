import type { CoreFieldKey, Incident, IncidentClock, IncidentSummary, IncidentType, Ref, Role, TransitionOption } from '@vigil/shared';
import type { IncidentRow } from '../../db/schema.js';
import { availableTransitions, stateOf, unmetRequirements } from '../types/index.js';
import { workerRoles } from './incident.policy.js';

/** Names and numbers that the presented incident refers to. */
export type Lookups = { users: Map<string, string>; teams: Map<string, string>; incidents: Map<string, string>; clocks?: Map<string, IncidentClock[]> };

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const ref = (id: string | null, names: Map<string, string>): Ref | null => (id ? { id, name: names.get(id) ?? '' } : null);

/** The core fields as guards and required-field checks read them. */
export function coreValues(row: IncidentRow): Record<CoreFieldKey, unknown> {
  return {
    assignee: row.assignee_id,
    team: row.team_id,
    category: row.category,
    description: row.description,
    resolution: row.resolution,
    occurred_at: row.occurred_at,
    detected_at: row.detected_at,
    became_aware_at: row.became_aware_at,
    due_at: row.due_at,
    business_areas: row.business_areas,
    services: row.services,
    assets: row.assets,
    locations: row.locations,
  };
}

/** The transitions from the current state the caller could take, each with what still blocks it (a comment is asked for at the time). */
export function transitionOptions(row: IncidentRow, type: IncidentType, role: Role | null): TransitionOption[] {
  if (!role || role === 'auditor') return [];
  const subject = { core: coreValues(row), custom: row.custom, comment: null };
  return availableTransitions(type.workflow, row.state)
    .filter((t) => workerRoles.includes(role) || (role === 'reporter' && t.requires?.roles?.includes('reporter')))
    .map((t) => {
      const blockedBy = unmetRequirements(t, subject, { role }, type.fields).filter((u) => u.requirement !== 'comment');
      return {
        key: t.key,
        label: t.label,
        to: t.to,
        toCategory: stateOf(type.workflow, t.to)?.category ?? 'active',
        requiresComment: t.requires?.comment === true,
        allowed: blockedBy.length === 0,
        blockedBy,
      };
    });
}

/** Row to list DTO. */
export function presentIncidentSummary(row: IncidentRow, type: IncidentType, lookups: Lookups): IncidentSummary {
  const state = stateOf(type.workflow, row.state);
  return {
    id: row.id,
    number: row.number,
    type: { id: type.id, key: type.key, name: type.name },
    title: row.title,
    category: row.category,
    severity: row.severity,
    impact: row.impact,
    urgency: row.urgency,
    priority: row.priority,
    priorityOverridden: row.priority_overridden,
    businessAreas: row.business_areas,
    services: row.services,
    assets: row.assets,
    locations: row.locations,
    reporter: ref(row.reporter_id, lookups.users),
    assignee: ref(row.assignee_id, lookups.users),
    team: ref(row.team_id, lookups.teams),
    state: { key: row.state, label: state?.label ?? { en: row.state }, category: row.state_category },
    restricted: row.restricted,
    confidentiality: row.confidentiality,
    source: row.source,
    dueAt: iso(row.due_at),
    occurredAt: iso(row.occurred_at),
    detectedAt: iso(row.detected_at),
    becameAwareAt: iso(row.became_aware_at),
    reportedAt: row.reported_at.toISOString(),
    acknowledgedAt: iso(row.acknowledged_at),
    resolvedAt: iso(row.resolved_at),
    closedAt: iso(row.closed_at),
    mergedInto: row.merged_into_id ? { id: row.merged_into_id, number: lookups.incidents.get(row.merged_into_id) ?? '' } : null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    version: row.version,
    clocks: lookups.clocks?.get(row.id) ?? [],
  };
}

/** Row to full DTO, with watchers and the caller's next steps. */
export function presentIncident(row: IncidentRow, type: IncidentType, lookups: Lookups, watchers: Ref[], role: Role | null): Incident {
  return {
    ...presentIncidentSummary(row, type, lookups),
    description: row.description,
    resolution: row.resolution,
    custom: row.custom,
    reporterContact: row.reporter_contact,
    watchers,
    transitions: transitionOptions(row, type, role),
  };
}

/** What audit records keep of an incident: the fields as the API names them, ids instead of names. */
export function auditSnapshot(row: IncidentRow): Record<string, unknown> {
  return {
    number: row.number,
    typeId: row.type_id,
    title: row.title,
    description: row.description,
    category: row.category,
    severity: row.severity,
    impact: row.impact,
    urgency: row.urgency,
    priority: row.priority,
    priorityOverridden: row.priority_overridden,
    businessAreas: row.business_areas,
    services: row.services,
    assets: row.assets,
    locations: row.locations,
    reporterId: row.reporter_id,
    reporterContact: row.reporter_contact,
    assigneeId: row.assignee_id,
    teamId: row.team_id,
    state: row.state,
    stateCategory: row.state_category,
    restricted: row.restricted,
    confidentiality: row.confidentiality,
    source: row.source,
    custom: row.custom,
    resolution: row.resolution,
    dueAt: iso(row.due_at),
    occurredAt: iso(row.occurred_at),
    detectedAt: iso(row.detected_at),
    becameAwareAt: iso(row.became_aware_at),
    reportedAt: row.reported_at.toISOString(),
    version: row.version,
  };
}
