import type { Tx, DbOrTx } from '../../db/client.js';
import type { IncidentRow } from '../../db/schema.js';
import { systemActor, type Deps } from '../../platform/context.js';
import { startEscalation } from '../escalation/index.js';
import { notifyUsers } from '../notifications/index.js';
import { appendTimeline } from '../timeline/index.js';
import { selectActiveTeamMemberIds, selectExistingPolicyIds } from './routing.repo.js';

type Rule = { id: string; name: string };

/** What became of one escalation or notify effect. */
export type SideEffectOutcome = { outcome: 'applied' | 'skipped' | 'no_change'; reason: string | null; to?: unknown };

/** Of these escalation policy ids, the ones that exist. */
export async function escalationPoliciesThatExist(db: DbOrTx, ids: readonly string[]): Promise<Set<string>> {
  return selectExistingPolicyIds(db, ids);
}

/** Starts the rule's escalation policy on the incident, unless that policy already runs on it. */
export async function startRuleEscalation(tx: Tx, deps: Deps, incident: IncidentRow, rule: Rule, index: number, policyId: string, at: Date): Promise<SideEffectOutcome> {
  // A policy deleted after the rule was written, or an incident past paging, must not fail the change that triggered routing.
  let skipped: string | null = null;
  if (!(await selectExistingPolicyIds(tx, [policyId])).has(policyId)) skipped = 'the escalation policy no longer exists';
  else if (incident.merged_into_id !== null || incident.state_category === 'resolved' || incident.state_category === 'closed') skipped = `the incident is ${incident.merged_into_id ? 'merged' : incident.state_category}`;
  if (skipped) {
    await appendTimeline(tx, systemActor, at, incident.id, 'routing.applied', { rule, effect: 'start_escalation', effectIndex: index, outcome: 'skipped', reason: skipped, policyId });
    return { outcome: 'skipped', reason: skipped };
  }
  const escalationId = await startEscalation(tx, deps, { incidentId: incident.id, policyId, reason: `Routing rule "${rule.name}"`, actor: systemActor });
  if (escalationId === null) return { outcome: 'no_change', reason: 'this escalation policy already runs on the incident' };
  await appendTimeline(tx, systemActor, at, incident.id, 'routing.applied', { rule, effect: 'start_escalation', effectIndex: index, outcome: 'applied', policyId, escalationId });
  return { outcome: 'applied', reason: null, to: { policyId, escalationId } };
}

/**
 * Notifies the rule's users and the active members of its teams, once per incident and effect (the
 * key makes a repeat a no-op). Who may not see the incident is left out by notifyUsers and named in
 * a timeline note.
 */
export async function notifyForRule(
  tx: Tx,
  deps: Deps,
  incident: IncidentRow,
  rule: Rule,
  index: number,
  effect: { userIds: readonly string[]; teamIds: readonly string[]; urgency: 'high' | 'low' },
  at: Date,
): Promise<SideEffectOutcome> {
  const wanted = [...new Set([...effect.userIds, ...(await selectActiveTeamMemberIds(tx, effect.teamIds))])];
  const notified = await notifyUsers(tx, deps, {
    userIds: wanted,
    incidentId: incident.id,
    kind: 'routed',
    urgency: effect.urgency,
    title: `${incident.number}: ${incident.title}`,
    body: `Routed to you by the rule "${rule.name}" (${incident.priority}, ${incident.severity}).`,
    dedupeKey: `routing:${incident.id}:${rule.id}:${index}`,
  });
  const left = wanted.filter((id) => !notified.includes(id));
  if (notified.length > 0) await appendTimeline(tx, systemActor, at, incident.id, 'routing.applied', { rule, effect: 'notify', effectIndex: index, outcome: 'applied', userIds: notified });
  if (left.length > 0) {
    await appendTimeline(tx, systemActor, at, incident.id, 'routing.applied', { rule, effect: 'notify', effectIndex: index, outcome: 'skipped', reason: 'inactive, or may not see this incident', userIds: left });
  }
  if (notified.length === 0) return { outcome: wanted.length > 0 ? 'skipped' : 'no_change', reason: wanted.length > 0 ? 'nobody named may see this incident' : 'the teams have no active members' };
  return { outcome: 'applied', reason: left.length > 0 ? `${left.length} left out: inactive, or may not see this incident` : null, to: notified };
}
