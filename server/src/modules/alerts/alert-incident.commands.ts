import { incidentTransitionSchema, type IntegrationSettings } from '@vigil/shared';
import { sql } from 'kysely';
import type { Tx } from '../../db/client.js';
import type { IntegrationRow } from '../../db/schema.js';
import { systemActor, type Actor, type Deps } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { acknowledgeIncident, getVisibleIncidentRow, transitionIncident } from '../incidents/index.js';
import { getIncidentType } from '../types/index.js';
import { planResolution } from './alert.resolution.js';
import { incidentHasOpenAlerts } from './alert.repo.js';

/** What an alert event did to its incident; recorded on the incident's timeline. */
export type IncidentOutcome = {
  action: 'acknowledged' | 'already_acknowledged' | 'resolved' | 'flagged_for_review' | 'already_resolved';
  reason?: string;
  transitions?: string[];
};

/**
 * Once no alert on the incident is open any more: resolves the incident through its workflow (the
 * shortest walk the system may take, each step a transitionIncident with its own timeline and audit
 * records), or leaves it open flagged for review when the integration says so, when no such walk
 * exists, or when a step is refused. Runs in the caller's transaction (deps joined to it).
 */
export async function resolveFromSource(tx: Tx, deps: Deps, actor: Actor, integration: IntegrationRow, settings: IntegrationSettings, incidentId: string, now: Date): Promise<IncidentOutcome | null> {
  if (await incidentHasOpenAlerts(tx, incidentId)) return null;
  const row = await getVisibleIncidentRow(tx, systemActor, incidentId);
  if (!row) return null;
  if (row.state_category === 'resolved' || row.state_category === 'closed') return { action: 'already_resolved' };
  if (settings.onGroupResolved === 'flag_for_review') return { action: 'flagged_for_review', reason: 'every alert resolved at the source; the integration leaves resolving to a person' };
  const type = await getIncidentType(tx, row.type_id);
  if (!type) throw new Error(`incident ${row.id} has no type ${row.type_id}`);
  const resolution = `Resolved at the source: every alert from "${integration.name}" on this incident resolved (${now.toISOString()}).`;
  const plan = planResolution(type, row, resolution, resolution);
  if (!plan) return { action: 'flagged_for_review', reason: `no transition of ${type.key} from "${row.state}" to a resolved state that the system may take` };
  await sql`savepoint alert_resolution`.execute(tx);
  try {
    for (const [i, step] of plan.entries()) {
      const last = i === plan.length - 1;
      const withResolution = step.needsResolution || (last && !row.resolution);
      await transitionIncident(
        deps,
        actor,
        incidentId,
        incidentTransitionSchema.parse({ to: step.to, ...(withResolution ? { resolution } : {}), ...(step.needsComment ? { comment: resolution } : {}) }),
      );
    }
    await sql`release savepoint alert_resolution`.execute(tx);
    return { action: 'resolved', transitions: plan.map((s) => s.transition.key) };
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    await sql`rollback to savepoint alert_resolution`.execute(tx);
    return { action: 'flagged_for_review', reason: err.message };
  }
}

/**
 * Acknowledged at the source (PagerDuty acknowledge): the incident is acknowledged through the
 * incidents module (its timeline event, audit record and reactors, which stop escalation), once.
 */
export async function acknowledgeFromSource(tx: Tx, deps: Deps, actor: Actor, incidentId: string): Promise<IncidentOutcome> {
  await sql`savepoint alert_acknowledge`.execute(tx);
  try {
    const { changed } = await acknowledgeIncident(deps, actor, incidentId, 'alert');
    await sql`release savepoint alert_acknowledge`.execute(tx);
    return { action: changed ? 'acknowledged' : 'already_acknowledged' };
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    await sql`rollback to savepoint alert_acknowledge`.execute(tx);
    return { action: 'already_acknowledged', reason: err.message };
  }
}
