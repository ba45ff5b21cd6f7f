import type { BreachActions, Priority } from '@vigil/shared';
import type { ClockRow } from '../../db/schema.js';
import { systemActor } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { appendAudit } from '../audit/index.js';
import { startEscalation } from '../escalation/index.js';
import { runReactors, updateIncidentRow } from '../incidents/index.js';
import { notifyUsers } from '../notifications/index.js';
import { appendTimeline } from '../timeline/index.js';
import { remainingAt } from './clock.engine.js';
import { clockLabels, type ClockContext } from './clock.lifecycle.js';
import { selectTeamMemberIds } from './clock.repo.js';

type NotifySpec = NonNullable<BreachActions['notify']>;

/** Who a clock's warning or breach tells: named people, members of named teams, the assignee, the leads of the incident's team. */
export async function recipientsOf(ctx: ClockContext, spec: NotifySpec | undefined): Promise<string[]> {
  if (!spec) return [];
  const { incident, tx } = ctx;
  const ids = [...spec.userIds];
  if (spec.assignee && incident.assignee_id) ids.push(incident.assignee_id);
  if (spec.teamManagers && incident.team_id) ids.push(...(await selectTeamMemberIds(tx, [incident.team_id], true)));
  if (spec.teamIds.length > 0) ids.push(...(await selectTeamMemberIds(tx, spec.teamIds, false)));
  return [...new Set(ids)];
}

/**
 * Raises the incident's priority to at least `to` after a breach (never lowers it): writes the row
 * through the incidents module, a priority event naming the clock, an audit record, and lets the
 * reactors see the change (the clocks then retarget to the new priority's policy).
 */
export async function raisePriority(ctx: ClockContext, clock: ClockRow, to: Priority): Promise<boolean> {
  const { tx, deps, incident, at } = ctx;
  if (incident.priority <= to) return false;
  const updated = await updateIncidentRow(tx, incident.id, { priority: to, priority_overridden: true, version: incident.version + 1, updated_at: at });
  await appendTimeline(tx, systemActor, at, incident.id, 'incident.priority_changed', {
    field: 'priority',
    from: incident.priority,
    to,
    version: updated.version,
    reason: 'clock_breached',
    clock: { id: clock.id, kind: clock.kind, label: clockLabels[clock.kind] },
  });
  await appendAudit(tx, systemActor, at, {
    entityType: 'incident',
    entityId: incident.id,
    action: 'update',
    before: { priority: incident.priority, priorityOverridden: incident.priority_overridden, version: incident.version },
    after: { priority: to, priorityOverridden: true, version: updated.version, reason: 'clock_breached', clockId: clock.id },
  });
  await runReactors(tx, deps, { kind: 'updated', incident: updated, before: incident, actor: systemActor, at, detail: { source: 'clock', clockId: clock.id } });
  return true;
}

/** A warning tells the clock's people (low urgency). */
export async function runWarningActions(ctx: ClockContext, clock: ClockRow): Promise<void> {
  const actions = clock.breach_actions as BreachActions;
  await notifyAbout(ctx, clock, await recipientsOf(ctx, actions.notify), 'warning');
}

/** At breach: notify, start the escalation policy, raise the priority, as the clock's snapshot of its policy says. */
export async function runBreachActions(ctx: ClockContext, clock: ClockRow): Promise<void> {
  const actions = clock.breach_actions as BreachActions;
  await notifyAbout(ctx, clock, await recipientsOf(ctx, actions.notify), 'breach');
  if (actions.escalationPolicyId) await escalate(ctx, clock, actions.escalationPolicyId);
  if (actions.raisePriorityTo) await raisePriority(ctx, clock, actions.raisePriorityTo);
}

/** A duration as people read it: "2 d 4 h", "3 h 15 min", "12 min". */
export function formatDuration(ms: number): string {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  if (d > 0) return h > 0 ? `${d} d ${h} h` : `${d} d`;
  if (h > 0) return m > 0 ? `${h} h ${m} min` : `${h} h`;
  return `${m} min`;
}

/** An in-app notification (and whatever channels the people chose) about a warning or a breach; keyed, so never twice. */
async function notifyAbout(ctx: ClockContext, clock: ClockRow, userIds: string[], what: 'warning' | 'breach'): Promise<void> {
  if (userIds.length === 0) return;
  const { incident } = ctx;
  const label = clockLabels[clock.kind];
  const due = clock.due_at ? clock.due_at.toISOString() : 'unknown';
  await notifyUsers(ctx.tx, ctx.deps, {
    userIds,
    incidentId: incident.id,
    kind: what === 'breach' ? 'clock_breached' : 'clock_warning',
    urgency: what === 'breach' ? 'high' : 'low',
    title: `${incident.number}: ${label} ${what === 'breach' ? 'breached' : 'due soon'}`,
    body:
      what === 'breach'
        ? `${incident.title}: the deadline passed at ${due}.`
        : `${incident.title}: due at ${due}, ${formatDuration(remainingAt(clock, ctx.at) ?? 0)} of ${clock.calendar.name} time left.`,
    dedupeKey: `clocks.${what}:${clock.id}:${clock.version}`,
  });
}

/**
 * Starts the policy's escalation. A policy deleted since, or an incident that can no longer be
 * escalated, is logged and skipped: the breach itself stands and is not retried for it.
 */
async function escalate(ctx: ClockContext, clock: ClockRow, policyId: string): Promise<void> {
  try {
    await startEscalation(ctx.tx, ctx.deps, { incidentId: ctx.incident.id, policyId, reason: `${clockLabels[clock.kind]} breached`, actor: systemActor });
  } catch (err) {
    if (!(err instanceof AppError) || (err.code !== 'not_found' && err.code !== 'conflict')) throw err;
    ctx.deps.log.warn({ clockId: clock.id, policyId, reason: err.message }, 'breach escalation skipped');
  }
}
