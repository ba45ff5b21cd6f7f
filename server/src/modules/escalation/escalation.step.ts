import { z } from 'zod';
import type { Tx } from '../../db/client.js';
import type { EscalationRow } from '../../db/schema.js';
import { systemActor, type Deps } from '../../platform/context.js';
import { defineJob, enqueueJob, type JobDefinition } from '../../platform/jobs/jobs.js';
import { appendAudit } from '../audit/index.js';
import { selectIncidentById } from '../incidents/index.js';
import { notifiableUsers, notifyUsers } from '../notifications/index.js';
import { appendTimeline } from '../timeline/index.js';
import { ackUrlFor } from './ack-link.token.js';
import { loadTargetNames } from './escalation-policy.presenter.js';
import { snapshotRef } from './escalation.presenter.js';
import { insertPages, selectEscalationForUpdate, selectUserNames, updateEscalationRow } from './escalation.repo.js';
import { resolveTargets } from './escalation.targets.js';

const stepPayload = z.object({
  escalationId: z.uuid(),
  /** The escalation's token when the step was scheduled; a rotated token makes the step a no-op. */
  token: z.uuid(),
  /** 0-based; the number of levels means "the last pass is over": the escalation is exhausted. */
  level: z.number().int().min(0),
  repeat: z.number().int().min(0),
});
export type StepPayload = z.infer<typeof stepPayload>;

/** One step of a running escalation, due at its run_at: pages a level, or ends the escalation. */
export const escalationStepJob: JobDefinition<StepPayload> = defineJob({
  name: 'escalation.step',
  schema: stepPayload,
  maxAttempts: 20,
  backoff: { baseMs: 1_000, capMs: 60_000 },
  handler: async (payload, { deps }) => {
    await deps.db.transaction().execute((tx) => runEscalationStep(tx, deps, payload));
  },
});

/** Enqueues a step in the caller's transaction; keyed, so the same step is never enqueued twice. */
export async function enqueueStep(tx: Tx, deps: Deps, step: StepPayload, runAt: Date): Promise<void> {
  await enqueueJob(tx, escalationStepJob, step, deps.clock.now(), {
    runAt,
    idempotencyKey: `escalation.step:${step.escalationId}:${step.token}:${step.level}:${step.repeat}`,
  });
}

export type StepOutcome = 'stale' | 'paged' | 'exhausted';

/**
 * Runs one step under the escalation's row lock. A step whose token was rotated (acknowledge,
 * resolve, reassign), whose escalation stopped, or that is not the pending one (a re-run after a
 * crash that had committed) does nothing. Otherwise it pages the level's targets (each person at
 * most once per level and pass, with a signed acknowledge link), writes `escalation.step`, and
 * schedules the next level, the next pass, or the end.
 */
export async function runEscalationStep(tx: Tx, deps: Deps, p: StepPayload): Promise<StepOutcome> {
  const row = await selectEscalationForUpdate(tx, p.escalationId);
  if (!row || row.state !== 'running' || row.token !== p.token || row.level !== p.level || row.repeat !== p.repeat) return 'stale';
  const now = deps.clock.now();
  // How late the step runs against its due time (timer precision, measured by bench/escalation.mjs).
  const timing = { dueAt: row.next_step_at?.toISOString() ?? null, lateByMs: row.next_step_at ? now.getTime() - row.next_step_at.getTime() : null };
  const { levels, repeatCount } = row.snapshot;
  if (p.level >= levels.length) {
    await exhaust(tx, deps, row, now, timing);
    return 'exhausted';
  }
  const incident = await selectIncidentById(tx, row.incident_id);
  if (!incident) return 'stale';

  const level = levels[p.level]!;
  const resolved = await resolveTargets(tx, level.targets, now);
  const candidates = [...new Set(resolved.flatMap((r) => r.userIds))];
  const eligible = await notifiableUsers(tx, candidates, incident.id);
  const fresh = await insertPages(tx, row.id, p.level, p.repeat, eligible, now);
  const escalated = p.level > 0 || p.repeat > 0;
  const title = `${escalated ? `Escalated (level ${p.level + 1})` : 'Paged'}: ${incident.number} ${incident.title}`;
  const body =
    `${incident.priority} · ${incident.severity}. Escalation policy "${row.snapshot.name}", level ${p.level + 1} of ${levels.length}` +
    `${p.repeat > 0 ? `, repeat ${p.repeat} of ${repeatCount}` : ''}. Acknowledge to stop further pages.`;
  for (const userId of fresh) {
    await notifyUsers(tx, deps, {
      userIds: [userId],
      incidentId: incident.id,
      kind: escalated ? 'escalated' : 'paged',
      urgency: 'high',
      title,
      body,
      ackUrl: ackUrlFor(incident.id, userId, deps),
      dedupeKey: `escalation:${row.id}:${p.level}:${p.repeat}`,
    });
  }

  const [names, userNames] = await Promise.all([loadTargetNames(tx, [[level]]), selectUserNames(tx, candidates)]);
  const person = (id: string) => ({ id, name: userNames.get(id) ?? '' });
  const skipped = candidates
    .filter((id) => !fresh.includes(id))
    .map((id) => ({ ...person(id), reason: eligible.includes(id) ? 'already paged at this level' : 'inactive, or may not see the incident' }));
  await appendTimeline(tx, systemActor, now, incident.id, 'escalation.step', {
    escalationId: row.id,
    policy: snapshotRef(row.snapshot),
    level: p.level + 1,
    repeat: p.repeat,
    targets: resolved.map((r) => ({ kind: r.kind, id: r.id, name: names[r.kind].get(r.id) ?? null, via: r.via, users: r.userIds.map(person) })),
    paged: fresh.map(person),
    skipped,
    ...timing,
  });

  // Nobody reachable at this level: move on at once rather than wait out a delay nobody can act in.
  const next = nextStep(p, levels.length, repeatCount);
  const runAt = new Date(now.getTime() + (fresh.length > 0 ? level.delayMinutes * 60_000 : 0));
  await updateEscalationRow(tx, row.id, { level: next.level, repeat: next.repeat, next_step_at: runAt, updated_at: now });
  await enqueueStep(tx, deps, { escalationId: row.id, token: row.token, ...next }, runAt);
  await appendAudit(tx, systemActor, now, {
    entityType: 'escalation',
    entityId: row.id,
    action: 'step',
    before: { level: p.level + 1, repeat: p.repeat },
    after: { paged: fresh, next: { level: next.level + 1, repeat: next.repeat, at: runAt.toISOString() } },
  });
  return 'paged';
}

/** After level L: the next level, else the first level of the next pass, else the end (level = number of levels). */
export function nextStep(current: { level: number; repeat: number }, levelCount: number, repeatCount: number): { level: number; repeat: number } {
  if (current.level + 1 < levelCount) return { level: current.level + 1, repeat: current.repeat };
  if (current.repeat < repeatCount) return { level: 0, repeat: current.repeat + 1 };
  return { level: levelCount, repeat: current.repeat };
}

async function exhaust(tx: Tx, deps: Deps, row: EscalationRow, now: Date, timing: { dueAt: string | null; lateByMs: number | null }): Promise<void> {
  const reason = 'nobody acknowledged after the last level';
  await updateEscalationRow(tx, row.id, { state: 'exhausted', next_step_at: null, stopped_at: now, stop_reason: reason, updated_at: now });
  await appendTimeline(tx, systemActor, now, row.incident_id, 'escalation.stopped', {
    escalationId: row.id,
    policy: snapshotRef(row.snapshot),
    state: 'exhausted',
    reason,
    ...timing,
  });
  await appendAudit(tx, systemActor, now, { entityType: 'escalation', entityId: row.id, action: 'exhaust', before: { state: 'running' }, after: { state: 'exhausted', reason } });
}
