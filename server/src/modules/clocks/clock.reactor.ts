import { isLegalClockKind, type SlaClockKind } from '@vigil/shared';
import type { Tx } from '../../db/client.js';
import type { ClockRow, StateCategory } from '../../db/schema.js';
import type { Deps, IncidentChange, IncidentReactor } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { getIncidentType } from '../types/index.js';
import { snapshotOf } from './calendar.presenter.js';
import { alwaysOpenSnapshot, meetClock, pauseClock, reopenClock, restartClock, resumeClock, retargetClock, waiveClock } from './clock.engine.js';
import { changeClock, openClock, type ClockContext } from './clock.lifecycle.js';
import { hasPublicCommentAt, selectClocksOfIncident } from './clock.repo.js';
import { isSettled, openLegalClock, recordSubmission, waiveWithReason } from './clock.submission.js';
import { legalRulesFor, type LegalRule } from './legal.rules.js';
import { selectPolicyFor } from './sla-policy.repo.js';

type Clocks = Map<string, ClockRow>;

const slaKinds: readonly SlaClockKind[] = ['sla_ack', 'sla_resolve', 'sla_update'];
const isDone = (c: StateCategory | null) => c === 'resolved' || c === 'closed';
const sameTime = (a: Date | null, b: Date | null) => (a?.getTime() ?? null) === (b?.getTime() ?? null);

/**
 * The clocks reactor, inside every incident command's transaction (after routing): starts the SLA
 * clocks of the type and priority and the type's legal clocks, pauses SLA clocks while the workflow
 * waits and resumes them after, retargets them when the priority changes (keeping the business time
 * spent), meets them on acknowledge, first public update and resolution, restarts awareness-bound
 * legal clocks when the awareness time is set (only through the awareness command) and settles legal
 * clocks from the type's decision fields.
 */
export const clocksReactor: IncidentReactor = { name: 'clocks', react: reactToChange };

async function reactToChange(tx: Tx, deps: Deps, change: IncidentChange): Promise<void> {
  const { incident, before, actor, at } = change;
  const type = await getIncidentType(tx, incident.type_id);
  if (!type) return;
  const rules = legalRulesFor(type.key);
  const awarenessChanged = before !== null && !sameTime(before.became_aware_at, incident.became_aware_at);
  if (awarenessChanged && change.detail?.awareness !== true && rules.some((r) => r.followsAwareness)) {
    throw new AppError('justification_required', `The awareness time of ${type.key} incidents starts legal deadlines: set it with POST /api/v1/incidents/${incident.number}/awareness, with a justification`, [
      { path: 'becameAwareAt', message: `is set through POST /api/v1/incidents/${incident.number}/awareness with a justification` },
    ]);
  }
  const clocks: Clocks = new Map((await selectClocksOfIncident(tx, incident.id, { lock: true })).map((c) => [c.kind, c]));
  const ctx: ClockContext = { tx, deps, actor, incident, at };
  await reactSla(ctx, change, clocks);
  if (rules.length > 0) await reactLegal(ctx, change, clocks, rules);
}

async function reactSla(ctx: ClockContext, change: IncidentChange, clocks: Clocks): Promise<void> {
  const { incident, before } = change;
  if (!before) {
    if (!isDone(incident.state_category)) await startSlaClocks(ctx, clocks);
    return;
  }
  if (before.priority !== incident.priority) await retargetSlaClocks(ctx, clocks, before.priority);
  const meet = async (kind: SlaClockKind, reason: string) => {
    const clock = clocks.get(kind);
    if (clock) clocks.set(kind, await changeClock(ctx, clock, meetClock(clock, ctx.at), 'clock.met', { reason }));
  };
  if (!before.acknowledged_at && incident.acknowledged_at) await meet('sla_ack', 'acknowledged');
  if (await isFirstPublicUpdate(ctx, change)) await meet('sla_update', 'public_update');

  const from = before.state_category;
  const to = incident.state_category;
  if (from === to) return;
  if (isDone(to) && !isDone(from)) {
    for (const kind of slaKinds) await meet(kind, to);
  } else if (isDone(from) && !isDone(to)) {
    const clock = clocks.get('sla_resolve');
    if (clock) clocks.set('sla_resolve', await changeClock(ctx, clock, reopenClock(clock, ctx.at, to === 'waiting'), 'clock.resumed', { reason: 'reopened' }));
  } else if (to === 'waiting') {
    for (const kind of slaKinds) {
      const clock = clocks.get(kind);
      if (clock) clocks.set(kind, await changeClock(ctx, clock, pauseClock(clock, ctx.at), 'clock.paused', { reason: 'waiting', state: incident.state }));
    }
  } else if (from === 'waiting') {
    for (const kind of slaKinds) {
      const clock = clocks.get(kind);
      if (clock) clocks.set(kind, await changeClock(ctx, clock, resumeClock(clock, ctx.at), 'clock.resumed', { reason: 'left_waiting', pausedSince: clock.paused_at?.toISOString() ?? null }));
    }
  }
}

/** A public comment by someone working the incident (not the reporter) is the first public update. */
async function isFirstPublicUpdate(ctx: ClockContext, change: IncidentChange): Promise<boolean> {
  const { actor } = change;
  if (!actor.userId || actor.role === 'reporter' || actor.kind === 'anonymous') return false;
  if (change.kind === 'commented') return change.detail?.visibility === 'public';
  if (change.kind === 'transitioned') return hasPublicCommentAt(ctx.tx, ctx.incident.id, actor.userId, ctx.at);
  return false;
}

/** The policy of the incident's type and priority, as the clocks take it (targets, calendar copy, warning, actions). */
async function policyTargets(ctx: ClockContext) {
  const found = await selectPolicyFor(ctx.tx, ctx.incident.type_id, ctx.incident.priority);
  if (!found) return null;
  const { policy, calendar } = found;
  const targets: Partial<Record<SlaClockKind, number>> = { sla_ack: policy.acknowledge_ms, sla_resolve: policy.resolve_ms };
  if (policy.first_update_ms !== null) targets.sla_update = policy.first_update_ms;
  return { policy, targets, calendar: calendar ? snapshotOf(calendar) : alwaysOpenSnapshot };
}

/** Whether the incident still owes this SLA (time to acknowledge ends with the acknowledgement). */
const owes = (ctx: ClockContext, kind: SlaClockKind) => !(kind === 'sla_ack' && ctx.incident.acknowledged_at) && !isDone(ctx.incident.state_category);

async function startSlaClocks(ctx: ClockContext, clocks: Clocks): Promise<void> {
  const found = await policyTargets(ctx);
  if (!found) return;
  for (const kind of slaKinds) {
    const target = found.targets[kind];
    if (target === undefined || clocks.has(kind) || !owes(ctx, kind)) continue;
    const clock = await openClock(ctx, {
      kind,
      policyId: found.policy.id,
      breachActions: found.policy.breach_actions,
      target_ms: target,
      calendar: found.calendar,
      warn_percent: found.policy.warn_percent,
      startedAt: ctx.at,
      paused: ctx.incident.state_category === 'waiting',
    }, { priority: ctx.incident.priority });
    clocks.set(kind, clock);
  }
}

/** The new priority's policy: running and paused clocks take its targets and keep their spent time; missing clocks start. */
async function retargetSlaClocks(ctx: ClockContext, clocks: Clocks, previousPriority: string): Promise<void> {
  const found = await policyTargets(ctx);
  if (!found) return;
  for (const kind of slaKinds) {
    const clock = clocks.get(kind);
    const target = found.targets[kind];
    if (!clock || target === undefined) continue;
    const next = { target_ms: target, calendar: found.calendar, warn_percent: found.policy.warn_percent, policy_id: found.policy.id, breach_actions: found.policy.breach_actions };
    clocks.set(
      kind,
      await changeClock(ctx, clock, retargetClock(clock, ctx.at, next), 'clock.retargeted', {
        reason: 'priority_changed',
        priority: { from: previousPriority, to: ctx.incident.priority },
        previousTargetMs: clock.target_ms,
        previousDueAt: clock.due_at?.toISOString() ?? null,
      }),
    );
  }
  await startSlaClocks(ctx, clocks);
}

async function reactLegal(ctx: ClockContext, change: IncidentChange, clocks: Clocks, rules: readonly LegalRule[]): Promise<void> {
  const { incident, before } = change;
  for (const rule of rules) {
    let clock = clocks.get(rule.kind);
    if (!clock) {
      const start = incident.state_category === 'closed' ? null : rule.trigger(incident, ctx.at);
      if (!start) continue;
      clock = await openLegalClock(ctx, rule, start, { trigger: rule.followsAwareness ? 'became_aware_at' : 'assessment' });
    } else if (rule.followsAwareness && before && incident.became_aware_at && !sameTime(before.became_aware_at, incident.became_aware_at)) {
      const previous = { previousStartedAt: clock.started_at.toISOString(), previousDueAt: clock.due_at?.toISOString() ?? null };
      clock = await changeClock(ctx, clock, restartClock(clock, incident.became_aware_at, ctx.at), 'clock.retargeted', { reason: 'became_aware_at_changed', ...previous });
    }
    clocks.set(rule.kind, clock);
    const settlement = rule.settledByFields?.(incident, before);
    if (!settlement || isSettled(clock)) continue;
    if (settlement.decision === 'not_required' && !settlement.reason) {
      throw new AppError('validation_failed', `Say why no submission is required: set ${settlement.missing}`, [{ path: settlement.missing, message: 'is required when no submission is required' }]);
    }
    await recordSubmission(
      ctx,
      clocks,
      clock,
      settlement.decision === 'notify'
        ? { decision: 'notify', submittedAt: settlement.submittedAt, reference: settlement.reference, content: settlement.content, reason: null, delayReason: settlement.delayReason, source: 'fields' }
        : { decision: 'not_required', submittedAt: ctx.at, reference: null, content: null, reason: settlement.reason, delayReason: null, source: 'fields' },
      'custom.delay_reasons',
    );
  }
  if (before && incident.state_category === 'closed' && before.state_category !== 'closed') {
    const how = change.kind === 'merged' ? 'merged into another incident' : `closed (${String(change.detail?.transition ?? incident.state)})`;
    for (const clock of clocks.values()) {
      if (!isLegalClockKind(clock.kind) || isSettled(clock)) continue;
      const patch = waiveClock(clock, ctx.at);
      if (patch) clocks.set(clock.kind, await waiveWithReason(ctx, clock, patch, `The incident was ${how} without a submission on this clock`));
    }
  }
}
