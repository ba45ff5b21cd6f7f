import { isLegalClockKind, type SubmissionRecord } from '@vigil/shared';
import type { ClockRow } from '../../db/schema.js';
import { AppError } from '../../platform/errors.js';
import { appendAudit } from '../audit/index.js';
import { appendTimeline } from '../timeline/index.js';
import { alwaysOpenSnapshot, elapsedAt } from './clock.engine.js';
import { changeClock, clockFacts, clockLabels, openClock, type ClockContext } from './clock.lifecycle.js';
import type { ClockUpdate } from './clock.repo.js';
import { nis2FinalReport, nis2Stages, type LegalRule } from './legal.rules.js';

export type SubmissionInput = {
  decision: 'notify' | 'not_required';
  submittedAt: Date;
  reference: string | null;
  content: string | null;
  reason: string | null;
  delayReason: string | null;
  source: 'api' | 'fields';
};

/** Met, waived, or breached and met late: nothing is owed on the clock any more. */
export const isSettled = (c: Pick<ClockRow, 'state' | 'met_at'>) => c.state === 'met' || c.state === 'waived' || c.met_at !== null;

/** The breach actions of a legal clock: the assignee and the leads of the incident's team hear of it. */
export const legalBreachActions = { notify: { userIds: [], teamIds: [], assignee: true, teamManagers: true } };

/** Starts a legal clock at its trigger instant, counting every hour (legal deadlines know no business hours). */
export async function openLegalClock(ctx: ClockContext, rule: LegalRule, start: Date, detail: Record<string, unknown>): Promise<ClockRow> {
  return openClock(
    ctx,
    {
      kind: rule.kind,
      policyId: null,
      breachActions: legalBreachActions,
      target_ms: rule.dueFrom(start).getTime() - start.getTime(),
      calendar: alwaysOpenSnapshot,
      warn_percent: rule.warnPercent,
      startedAt: start,
      paused: false,
    },
    detail,
  );
}

/**
 * Records a legal submission (or the decision that none is required) on a clock of the incident,
 * inside the caller's transaction. The first one settles the clock: met when in time, breached and
 * met late otherwise; a GDPR Art. 33 notification after the 72 hours needs the reasons for the delay.
 * Later submissions are further phases (Art. 33(4)). A NIS2 incident notification starts the final
 * report's clock; a NIS2 "not required" settles the later stages too. `clocks` are the incident's
 * clocks, locked; the map is kept up to date.
 */
export async function recordSubmission(ctx: ClockContext, clocks: Map<string, ClockRow>, clock: ClockRow, input: SubmissionInput, delayReasonPath: string): Promise<ClockRow> {
  if (!isLegalClockKind(clock.kind)) throw new AppError('unprocessable', 'Only legal clocks take submissions; SLA clocks are met by acknowledging, updating and resolving the incident');
  if (clock.state === 'waived') throw new AppError('conflict', 'This clock was waived; nothing is owed on it');
  const late = input.decision === 'notify' && clock.due_at !== null && input.submittedAt.getTime() > clock.due_at.getTime();
  const settledBefore = isSettled(clock);
  // Art. 33(4): once notified in time, further phases follow "without undue further delay", with no reasons owed.
  if (late && !settledBefore && clock.kind === 'gdpr_art33' && !input.delayReason) {
    throw new AppError('delay_reason_required', 'The notification is later than 72 hours after awareness: GDPR Art. 33(1) asks for the reasons for the delay', [
      { path: delayReasonPath, message: 'is required for a notification after the deadline' },
    ]);
  }
  const record: SubmissionRecord = {
    decision: input.decision,
    submittedAt: input.submittedAt.toISOString(),
    reference: input.reference,
    content: input.content,
    reason: input.reason,
    delayReason: input.delayReason,
    late,
    source: input.source,
    recordedBy: ctx.actor.userId,
    recordedAt: ctx.at.toISOString(),
  };
  const submissions = [...(clock.submissions as SubmissionRecord[]), record];
  let patch: ClockUpdate = { submissions, version: clock.version + 1 };
  if (!settledBefore) {
    const closed = { met_at: input.submittedAt, elapsed_ms: elapsedAt(clock, input.submittedAt), running_since: null, paused_at: null, warn_at: null };
    patch = late ? { ...patch, ...closed, state: 'breached', breached_at: clock.breached_at ?? clock.due_at } : { ...patch, ...closed, state: 'met' };
  }

  const { tx, actor, at, incident } = ctx;
  const facts = { clockId: clock.id, kind: clock.kind, label: clockLabels[clock.kind], source: input.source, phase: submissions.length };
  if (input.decision === 'notify') {
    await appendTimeline(tx, actor, at, incident.id, 'communication.sent', { ...facts, submittedAt: record.submittedAt, reference: record.reference, late, delayReason: record.delayReason });
  } else {
    await appendTimeline(tx, actor, at, incident.id, 'decision.recorded', { ...facts, decision: 'not_required', reason: record.reason });
  }
  const updated = await changeClock(ctx, clock, patch, settledBefore ? null : 'clock.met', { decision: input.decision, late, metAt: record.submittedAt });
  clocks.set(updated.kind, updated);
  await appendAudit(tx, actor, at, {
    entityType: 'clock',
    entityId: clock.id,
    action: 'submission',
    before: { incidentId: incident.id, kind: clock.kind, state: clock.state, metAt: clock.met_at?.toISOString() ?? null, submissions: clock.submissions.length, version: clock.version },
    after: { incidentId: incident.id, kind: clock.kind, state: updated.state, metAt: updated.met_at?.toISOString() ?? null, submission: record, version: updated.version },
  });

  if (clock.kind === 'nis2_notification' && input.decision === 'notify' && !clocks.has('nis2_final_report')) {
    const report = await openLegalClock(ctx, nis2FinalReport, input.submittedAt, { trigger: 'nis2_notification', triggerClockId: clock.id });
    clocks.set(report.kind, report);
  }
  if (input.decision === 'not_required' && nis2Stages.includes(clock.kind)) {
    for (const later of nis2Stages.slice(nis2Stages.indexOf(clock.kind) + 1)) {
      const next = clocks.get(later);
      if (next && !isSettled(next)) await recordSubmission(ctx, clocks, next, input, delayReasonPath);
    }
  }
  return updated;
}

/** Waives a clock on the person's authority (a manager's waiver, or closing an incident without a submission). */
export async function waiveWithReason(ctx: ClockContext, clock: ClockRow, patch: NonNullable<ClockUpdate>, reason: string): Promise<ClockRow> {
  const updated = await changeClock(ctx, clock, { ...patch, waived_at: ctx.at, waived_reason: reason, waived_by: ctx.actor.userId }, 'clock.waived', { reason });
  await appendAudit(ctx.tx, ctx.actor, ctx.at, {
    entityType: 'clock',
    entityId: clock.id,
    action: 'waive',
    before: { incidentId: ctx.incident.id, kind: clock.kind, state: clock.state, dueAt: clock.due_at?.toISOString() ?? null, version: clock.version },
    after: { ...clockFacts(updated, ctx.at), incidentId: ctx.incident.id, reason },
  });
  return updated;
}
