import type { AwarenessInput, Clock, ClockSubmissionInput, ClockWaiveInput } from '@vigil/shared';
import type { IncidentRow } from '../../db/schema.js';
import { requireRole } from '../../platform/authz.js';
import type { Actor, Deps } from '../../platform/context.js';
import { AppError, notFound } from '../../platform/errors.js';
import { appendAudit } from '../audit/index.js';
import { lockForChange, runReactors, updateIncidentRow } from '../incidents/index.js';
import { appendTimeline } from '../timeline/index.js';
import { waiveClock } from './clock.engine.js';
import type { ClockContext } from './clock.lifecycle.js';
import { presentClock } from './clock.presenter.js';
import { selectClocksOfIncident } from './clock.repo.js';
import { recordSubmission, waiveWithReason } from './clock.submission.js';

/** How far in the future a reported instant may lie (clock skew between the reporter and the server). */
const SKEW_MS = 60_000;

function notInFuture(at: Date, now: Date, path: string): void {
  if (at.getTime() > now.getTime() + SKEW_MS) throw new AppError('validation_failed', `${path} must not lie in the future`, [{ path, message: 'must not lie in the future' }]);
}

/**
 * Waives a clock of an incident with a reason (managers and admins): it stops counting and will
 * neither warn nor breach. A met clock cannot be waived.
 */
export async function waiveIncidentClock(deps: Deps, actor: Actor, ref: string, clockId: string, input: ClockWaiveInput): Promise<Clock> {
  requireRole(actor, 'admin', 'manager');
  return deps.db.transaction().execute(async (tx) => {
    const at = deps.clock.now();
    const incident = await lockForChange(tx, actor, ref, undefined);
    const clock = (await selectClocksOfIncident(tx, incident.id, { lock: true })).find((c) => c.id === clockId);
    if (!clock) throw notFound('Clock');
    const patch = waiveClock(clock, at);
    if (!patch) throw new AppError('conflict', `This clock is ${clock.state === 'waived' ? 'waived already' : 'met; there is nothing left to waive'}`);
    const ctx: ClockContext = { tx, deps, actor, incident, at };
    return presentClock(await waiveWithReason(ctx, clock, patch, input.reason), at);
  });
}

/**
 * Records a legal submission on a clock (GDPR Art. 33/34, NIS2 stages): when it was sent, the
 * reference, what was sent; or the decision that none is required, with the reason. Workers record
 * them; the incident must be visible to them.
 */
export async function submitIncidentClock(deps: Deps, actor: Actor, ref: string, clockId: string, input: ClockSubmissionInput): Promise<Clock> {
  requireRole(actor, 'admin', 'manager', 'agent');
  return deps.db.transaction().execute(async (tx) => {
    const at = deps.clock.now();
    const submittedAt = input.submittedAt ? new Date(input.submittedAt) : at;
    notInFuture(submittedAt, at, 'submittedAt');
    const incident = await lockForChange(tx, actor, ref, undefined);
    const rows = await selectClocksOfIncident(tx, incident.id, { lock: true });
    const clock = rows.find((c) => c.id === clockId);
    if (!clock) throw notFound('Clock');
    const clocks = new Map(rows.map((c) => [c.kind, c]));
    const ctx: ClockContext = { tx, deps, actor, incident, at };
    const updated = await recordSubmission(
      ctx,
      clocks,
      clock,
      {
        decision: input.decision,
        submittedAt,
        reference: input.reference ?? null,
        content: input.content ?? null,
        reason: input.reason ?? null,
        delayReason: input.delayReason ?? null,
        source: 'api',
      },
      'delayReason',
    );
    return presentClock(updated, at);
  });
}

/**
 * Sets the legal awareness moment of an incident (GDPR Art. 33, NIS2 Art. 23): a named person with a
 * justification, audited with before and after. Legal clocks that count from it restart from the new
 * moment (through the reactors, like any incident change).
 */
export async function setAwareness(deps: Deps, actor: Actor, ref: string, input: AwarenessInput): Promise<IncidentRow> {
  requireRole(actor, 'admin', 'manager', 'agent');
  return deps.db.transaction().execute(async (tx) => {
    const at = deps.clock.now();
    const becameAwareAt = new Date(input.becameAwareAt);
    notInFuture(becameAwareAt, at, 'becameAwareAt');
    const row = await lockForChange(tx, actor, ref, input.version);
    if (row.merged_into_id) throw new AppError('conflict', 'This incident was merged into another; set the awareness time on the original');
    if (row.became_aware_at?.getTime() === becameAwareAt.getTime()) return row;
    const updated = await updateIncidentRow(tx, row.id, { became_aware_at: becameAwareAt, version: row.version + 1, updated_at: at });
    const from = row.became_aware_at?.toISOString() ?? null;
    const to = becameAwareAt.toISOString();
    await appendTimeline(tx, actor, at, row.id, 'incident.field_changed', { field: 'becameAwareAt', from, to, justification: input.justification, version: updated.version });
    await appendAudit(tx, actor, at, {
      entityType: 'incident',
      entityId: row.id,
      action: 'set_awareness',
      before: { becameAwareAt: from, version: row.version },
      after: { becameAwareAt: to, justification: input.justification, version: updated.version },
    });
    return runReactors(tx, deps, { kind: 'updated', incident: updated, before: row, actor, at, detail: { awareness: true, justification: input.justification } });
  });
}
