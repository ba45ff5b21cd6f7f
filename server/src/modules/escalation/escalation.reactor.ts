import type { IncidentRow } from '../../db/schema.js';
import type { IncidentChange, IncidentReactor } from '../../platform/context.js';
import { stopEscalation, type StopState } from './escalation.commands.js';
import { selectRunningEscalationsForUpdate } from './escalation.repo.js';

const done = (r: IncidentRow) => r.state_category === 'resolved' || r.state_category === 'closed';

/** Why every running escalation of the incident stops with this change, if it does. */
function stopForAll(change: IncidentChange): { state: StopState; reason: string } | null {
  const { incident, before } = change;
  if (!before) return null;
  if (incident.merged_into_id && !before.merged_into_id) return { state: 'cancelled', reason: 'merged into another incident' };
  if (done(incident) && !done(before)) return { state: 'resolved', reason: `incident ${incident.state_category}` };
  if (incident.acknowledged_at && !before.acknowledged_at) return { state: 'acknowledged', reason: 'incident acknowledged' };
  return null;
}

/**
 * Stops running escalations when they have done their job or lost their purpose (PagerDuty's
 * rules): acknowledged (also by leaving `new` through a transition), resolved or closed, merged.
 * A reassignment to another person, or a move to another team, cancels the escalations that started
 * under the old assignment or team; one started in the same change (a routing rule) keeps running.
 * Runs last, after routing and clocks.
 */
export const escalationReactor: IncidentReactor = {
  name: 'escalation',
  react: async (tx, deps, change) => {
    const { incident, before } = change;
    if (!before) return;
    const all = stopForAll(change);
    const reassigned = incident.assignee_id !== before.assignee_id;
    const moved = incident.team_id !== before.team_id;
    if (!all && !reassigned && !moved) return;
    for (const row of await selectRunningEscalationsForUpdate(tx, incident.id)) {
      if (all) await stopEscalation(tx, deps, change.actor, row, all.state, all.reason);
      else if (moved && row.team_id !== incident.team_id) await stopEscalation(tx, deps, change.actor, row, 'cancelled', 'moved to another team');
      else if (reassigned && row.assignee_id !== incident.assignee_id) await stopEscalation(tx, deps, change.actor, row, 'cancelled', 'reassigned');
    }
  },
};
