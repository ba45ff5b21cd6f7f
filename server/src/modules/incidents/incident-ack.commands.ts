import type { IncidentRow } from '../../db/schema.js';
import type { Actor, Deps } from '../../platform/context.js';
import { AppError, notFound } from '../../platform/errors.js';
import { appendAudit } from '../audit/index.js';
import { appendTimeline } from '../timeline/index.js';
import { assertMayEdit } from './incident.policy.js';
import { runReactors } from './incident.reactors.js';
import { selectVisibleIncident, updateIncidentRow } from './incident.repo.js';

export type AcknowledgeResult = { row: IncidentRow; changed: boolean };

/**
 * Acknowledges an incident: someone has it in hand. Sets acknowledged_at once (a repeat is a no-op
 * answered with the incident as it is), leaves the workflow state alone, and lets the reactors stop
 * pending escalation steps and meet the time-to-acknowledge clock. Source says how (web, api, link, alert).
 */
export async function acknowledgeIncident(deps: Deps, actor: Actor, ref: string, source: 'api' | 'web' | 'link' | 'alert' | 'chat' = 'api'): Promise<AcknowledgeResult> {
  assertMayEdit(actor);
  return deps.db.transaction().execute(async (tx) => {
    const now = deps.clock.now();
    const row = await selectVisibleIncident(tx, actor, ref, { lock: true });
    if (!row) throw notFound('Incident');
    if (row.merged_into_id) throw new AppError('conflict', 'This incident was merged into another; acknowledge the original');
    // Leaving `new` by any transition acknowledges too (lifecycleTimestamps), so a resolved or closed
    // incident is always acknowledged already: a late click on a paging link is a harmless no-op.
    if (row.acknowledged_at) return { row, changed: false };
    const updated = await updateIncidentRow(tx, row.id, { acknowledged_at: now, version: row.version + 1, updated_at: now });
    await appendTimeline(tx, actor, now, row.id, 'incident.acknowledged', { source, version: updated.version }, 'public');
    await appendAudit(tx, actor, now, {
      entityType: 'incident',
      entityId: row.id,
      action: 'acknowledge',
      before: { acknowledgedAt: null, version: row.version },
      after: { acknowledgedAt: now.toISOString(), source, version: updated.version },
    });
    const reacted = await runReactors(tx, deps, { kind: 'acknowledged', incident: updated, before: row, actor, at: now, detail: { source } });
    return { row: reacted, changed: true };
  });
}
