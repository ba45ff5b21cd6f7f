import type { ClockKind, TimelineEventType } from '@vigil/shared';
import type { Tx } from '../../db/client.js';
import type { ClockRow, IncidentRow } from '../../db/schema.js';
import type { Actor, Deps } from '../../platform/context.js';
import { appendTimeline } from '../timeline/index.js';
import { remainingAt, startClock, type ClockPatch, type StartInit } from './clock.engine.js';
import { insertClock, updateClockRow, type ClockUpdate } from './clock.repo.js';
import { scheduleTimers } from './clock.jobs.js';

/** What a clock operation inside an incident's transaction works with. */
export type ClockContext = { tx: Tx; deps: Deps; actor: Actor; incident: IncidentRow; at: Date };

/** Names people read in timelines and notifications. */
export const clockLabels: Record<ClockKind, string> = {
  sla_ack: 'Time to acknowledge',
  sla_resolve: 'Time to resolve',
  sla_update: 'Time to first public update',
  gdpr_art33: 'GDPR Art. 33: notification to the supervisory authority',
  gdpr_art34: 'GDPR Art. 34: communication to the data subjects',
  nis2_early_warning: 'NIS2 Art. 23(4)(a): early warning',
  nis2_notification: 'NIS2 Art. 23(4)(b): incident notification',
  nis2_final_report: 'NIS2 Art. 23(4)(d): final report',
};

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** The facts every clock event carries, so a timeline explains each clock on its own. */
export function clockFacts(clock: ClockRow, at: Date): Record<string, unknown> {
  return {
    clockId: clock.id,
    kind: clock.kind,
    label: clockLabels[clock.kind],
    state: clock.state,
    targetMs: clock.target_ms,
    dueAt: iso(clock.due_at),
    remainingMs: remainingAt(clock, at),
    calendar: clock.calendar.name,
    version: clock.version,
  };
}

export type OpenClock = StartInit & { kind: ClockKind; policyId: string | null; breachActions: Record<string, unknown> };

/** Starts a clock on the incident: its row, a `clock.started` event and its warning and breach jobs. */
export async function openClock(ctx: ClockContext, init: OpenClock, detail: Record<string, unknown> = {}): Promise<ClockRow> {
  const fields = startClock(init);
  const row = await insertClock(ctx.tx, {
    incident_id: ctx.incident.id,
    kind: init.kind,
    policy_id: init.policyId,
    breach_actions: init.breachActions,
    ...fields,
    created_at: ctx.at,
    updated_at: ctx.at,
  });
  await appendTimeline(ctx.tx, ctx.actor, ctx.at, ctx.incident.id, 'clock.started', { ...clockFacts(row, ctx.at), startedAt: row.started_at.toISOString(), policyId: row.policy_id, ...detail });
  await scheduleTimers(ctx.tx, row, ctx.at);
  return row;
}

/**
 * Writes a clock change, its timeline event (when the change is one people should see) and the jobs
 * of its new version. A null patch changes nothing and returns the clock as it was.
 */
export async function changeClock(ctx: ClockContext, clock: ClockRow, patch: (ClockPatch & ClockUpdate) | null, event: TimelineEventType | null, detail: Record<string, unknown> = {}): Promise<ClockRow> {
  if (!patch) return clock;
  const updated = await updateClockRow(ctx.tx, clock.id, patch, ctx.at);
  if (event) await appendTimeline(ctx.tx, ctx.actor, ctx.at, ctx.incident.id, event, { ...clockFacts(updated, ctx.at), ...detail });
  await scheduleTimers(ctx.tx, updated, ctx.at);
  return updated;
}
