import type { IncidentType, WorkflowTransition } from '@vigil/shared';
import type { IncidentRow } from '../../db/schema.js';
import { stateOf, unmetRequirements, type GuardSubject } from '../types/index.js';

/** How far the system walks a workflow to resolve an incident whose alerts all resolved. */
const MAX_STEPS = 4;

export type ResolutionStep = { transition: WorkflowTransition; to: string; needsResolution: boolean; needsComment: boolean };

/** The incident's values as a transition guard reads them. */
export function guardSubject(row: IncidentRow, resolution: string, comment: string): GuardSubject {
  return {
    core: {
      assignee: row.assignee_id,
      team: row.team_id,
      category: row.category,
      description: row.description,
      resolution: row.resolution ?? resolution,
      occurred_at: row.occurred_at,
      detected_at: row.detected_at,
      became_aware_at: row.became_aware_at,
      due_at: row.due_at,
      business_areas: row.business_areas,
      services: row.services,
      assets: row.assets,
      locations: row.locations,
    },
    custom: row.custom,
    comment,
  };
}

/**
 * The shortest walk through the workflow from the incident's state to a state of category
 * `resolved` that the system may take by itself: no role-guarded transition, no closed state on the
 * way, and every required field already set (the resolution and a comment it writes itself).
 * Null when there is none: then the incident is flagged for review instead.
 */
export function planResolution(type: IncidentType, row: IncidentRow, resolution: string, comment: string): ResolutionStep[] | null {
  const subject = guardSubject(row, resolution, comment);
  const start = row.state;
  const seen = new Set([start]);
  let frontier: Array<{ state: string; path: ResolutionStep[] }> = [{ state: start, path: [] }];
  for (let depth = 0; depth < MAX_STEPS && frontier.length > 0; depth++) {
    const next: typeof frontier = [];
    for (const { state, path } of frontier) {
      for (const t of type.workflow.transitions) {
        if (!t.from.includes(state) || seen.has(t.to)) continue;
        const target = stateOf(type.workflow, t.to);
        if (!target || target.category === 'closed') continue;
        if (unmetRequirements(t, subject, { role: null }, type.fields).length > 0) continue;
        const step: ResolutionStep = {
          transition: t,
          to: t.to,
          needsResolution: (t.requires?.fields ?? []).includes('resolution') && !row.resolution,
          needsComment: t.requires?.comment === true,
        };
        if (target.category === 'resolved') return [...path, step];
        seen.add(t.to);
        next.push({ state: t.to, path: [...path, step] });
      }
    }
    frontier = next;
  }
  return null;
}
