import { randomUUID } from 'node:crypto';
import type { Escalation, EscalationStart } from '@vigil/shared';
import type { Tx } from '../../db/client.js';
import type { EscalationRow } from '../../db/schema.js';
import type { Actor, Deps } from '../../platform/context.js';
import { AppError, notFound } from '../../platform/errors.js';
import { appendAudit } from '../audit/index.js';
import { getVisibleIncidentRow, selectIncidentById } from '../incidents/index.js';
import { appendTimeline } from '../timeline/index.js';
import { assertMayStartEscalation } from './escalation-policy.policy.js';
import { selectPolicy } from './escalation-policy.repo.js';
import { presentEscalations, snapshotRef } from './escalation.presenter.js';
import { insertEscalation, selectEscalationView, updateEscalationRow } from './escalation.repo.js';
import { enqueueStep } from './escalation.step.js';

export type StartEscalationInput = { incidentId: string; policyId: string; reason: string; actor: Actor };

/**
 * Starts an escalation policy on an incident inside the caller's transaction (a routing rule, a
 * clock's breach action, or a person): snapshots the policy, issues a token, schedules the first
 * level at once, and writes `escalation.started` and an audit record. Returns the escalation's id,
 * or null when this policy already runs on the incident. Throws not_found for a missing policy or
 * incident, conflict for a resolved, closed or merged incident.
 */
export async function startEscalation(tx: Tx, deps: Deps, input: StartEscalationInput): Promise<string | null> {
  const policy = await selectPolicy(tx, input.policyId);
  if (!policy) throw notFound('Escalation policy');
  const incident = await selectIncidentById(tx, input.incidentId);
  if (!incident) throw notFound('Incident');
  if (incident.merged_into_id) throw new AppError('conflict', 'This incident was merged into another; escalate the original');
  if (incident.state_category === 'resolved' || incident.state_category === 'closed') {
    throw new AppError('conflict', `The incident is ${incident.state_category}; there is nobody left to page for it`);
  }
  const now = deps.clock.now();
  const snapshot = { policyId: policy.id, name: policy.name, version: policy.version, teamId: policy.team_id, repeatCount: policy.repeat_count, levels: policy.levels };
  const row = await insertEscalation(tx, {
    incident_id: incident.id,
    policy_id: policy.id,
    snapshot,
    token: randomUUID(),
    next_step_at: now,
    reason: input.reason,
    team_id: incident.team_id,
    assignee_id: incident.assignee_id,
    started_by: input.actor.userId,
    started_at: now,
    updated_at: now,
  });
  if (!row) return null;
  await enqueueStep(tx, deps, { escalationId: row.id, token: row.token, level: 0, repeat: 0 }, now);
  await appendTimeline(tx, input.actor, now, incident.id, 'escalation.started', {
    escalationId: row.id,
    policy: snapshotRef(snapshot),
    reason: input.reason,
    levels: snapshot.levels.length,
    repeatCount: snapshot.repeatCount,
  });
  await appendAudit(tx, input.actor, now, {
    entityType: 'escalation',
    entityId: row.id,
    action: 'start',
    after: { incidentId: incident.id, policy: snapshotRef(snapshot), levels: snapshot.levels, repeatCount: snapshot.repeatCount, reason: input.reason },
  });
  return row.id;
}

/** Starts a policy on an incident the caller can see, by hand (agents, managers, admins); conflict when it already runs. */
export async function startEscalationByHand(deps: Deps, actor: Actor, ref: string, input: EscalationStart): Promise<Escalation> {
  assertMayStartEscalation(actor);
  const id = await deps.db.transaction().execute(async (tx) => {
    const incident = await getVisibleIncidentRow(tx, actor, ref);
    if (!incident) throw notFound('Incident');
    const started = await startEscalation(tx, deps, { incidentId: incident.id, policyId: input.policyId, reason: input.reason ?? 'started by hand', actor });
    if (!started) throw new AppError('already_exists', 'This escalation policy already runs on the incident', [{ path: 'body.policyId', message: 'already running on this incident' }]);
    return started;
  });
  const view = await selectEscalationView(deps.db, id);
  return (await presentEscalations(deps.db, [view!.escalation], view!.pages))[0]!;
}

export type StopState = 'acknowledged' | 'resolved' | 'cancelled';

/**
 * Stops a running escalation (under its row lock, which the caller holds): rotates its token so
 * any pending step finds a stranger's token and does nothing, records why, on the timeline and in
 * the audit trail.
 */
export async function stopEscalation(tx: Tx, deps: Deps, actor: Actor, row: EscalationRow, state: StopState, reason: string): Promise<void> {
  const now = deps.clock.now();
  const updated = await updateEscalationRow(tx, row.id, { state, token: randomUUID(), next_step_at: null, stopped_at: now, stop_reason: reason, updated_at: now });
  await appendTimeline(tx, actor, now, row.incident_id, 'escalation.stopped', {
    escalationId: row.id,
    policy: snapshotRef(row.snapshot),
    state,
    reason,
    levelsPaged: Math.min(row.level, row.snapshot.levels.length),
    repeat: row.repeat,
  });
  await appendAudit(tx, actor, now, {
    entityType: 'escalation',
    entityId: row.id,
    action: 'stop',
    before: { state: row.state, level: row.level + 1, repeat: row.repeat },
    after: { state: updated.state, reason },
  });
}
