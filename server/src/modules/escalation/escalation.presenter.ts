import type { Escalation } from '@vigil/shared';
import type { DbOrTx } from '../../db/client.js';
import { loadTargetNames, presentLevels } from './escalation-policy.presenter.js';
import type { EscalationSnapshot, EscalationView, PageView } from './escalation.repo.js';

/** The level (1-based) the pending step pages; null when stopped or when the pending step only ends the escalation. */
function nextLevel(e: EscalationView): number | null {
  if (e.state !== 'running' || e.level >= e.snapshot.levels.length) return null;
  return e.level + 1;
}

/** Escalations with their snapshot's targets named and their pages, for one incident. */
export async function presentEscalations(db: DbOrTx, escalations: readonly EscalationView[], pages: readonly PageView[]): Promise<Escalation[]> {
  const names = await loadTargetNames(db, escalations.map((e) => e.snapshot.levels));
  return escalations.map((e) => ({
    id: e.id,
    incidentId: e.incident_id,
    policy: { id: e.policy_id, name: e.snapshot.name, version: e.snapshot.version },
    state: e.state,
    nextLevel: nextLevel(e),
    repeat: e.repeat,
    nextStepAt: e.next_step_at?.toISOString() ?? null,
    reason: e.reason,
    startedBy: e.started_by ? { id: e.started_by, name: e.started_by_name ?? '' } : null,
    startedAt: e.started_at.toISOString(),
    stoppedAt: e.stopped_at?.toISOString() ?? null,
    stopReason: e.stop_reason,
    levels: presentLevels(e.snapshot.levels, names),
    repeatCount: e.snapshot.repeatCount,
    pages: pages
      .filter((p) => p.escalation_id === e.id)
      .map((p) => ({ level: p.level + 1, repeat: p.repeat, user: { id: p.user_id, name: p.user_name }, pagedAt: p.paged_at.toISOString() })),
  }));
}

/** What the audit trail and timeline record of a snapshot: the policy it came from. */
export function snapshotRef(s: EscalationSnapshot) {
  return { id: s.policyId, name: s.name, version: s.version };
}
