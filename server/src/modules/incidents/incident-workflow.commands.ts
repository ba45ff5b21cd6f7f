import type { IncidentMergeInput, IncidentTransitionInput, StateCategory } from '@vigil/shared';
import type { Tx } from '../../db/client.js';
import type { IncidentRow, IncidentUpdate } from '../../db/schema.js';
import type { Actor, Deps } from '../../platform/context.js';
import { AppError, notFound } from '../../platform/errors.js';
import { appendAudit } from '../audit/index.js';
import { appendTimeline } from '../timeline/index.js';
import { availableTransitions, findTransition, stateOf, unmetRequirements } from '../types/index.js';
import { assertVisibleToAll, auditDiff, planFieldChanges, recordFieldChanges, validationError } from './incident.changes.js';
import { lockForChange, typeOf } from './incident.commands.js';
import { assertMayEdit, assertMayMerge, assertMayTransition } from './incident.policy.js';
import { coreValues } from './incident.presenter.js';
import { insertIncidentLink, insertWatchers, selectVisibleIncident, selectWatcherIds, updateIncidentRow } from './incident.repo.js';
import { recordComment } from './comment.commands.js';
import { runReactors } from './incident.reactors.js';

/**
 * The lifecycle timestamps after a move between categories: acknowledged on the first move out of
 * `new`; resolved on entering `resolved` (or `closed` without it); closed on entering `closed`;
 * both cleared when the incident is reopened into new, active or waiting.
 */
export function lifecycleTimestamps(row: Pick<IncidentRow, 'acknowledged_at' | 'resolved_at' | 'closed_at'>, from: StateCategory, to: StateCategory, now: Date): Pick<IncidentUpdate, 'acknowledged_at' | 'resolved_at' | 'closed_at'> {
  const acknowledged_at = row.acknowledged_at ?? (from === 'new' && to !== 'new' ? now : null);
  if (to === 'resolved') return { acknowledged_at, resolved_at: from === 'resolved' && row.resolved_at ? row.resolved_at : now, closed_at: null };
  if (to === 'closed') return { acknowledged_at, resolved_at: row.resolved_at ?? now, closed_at: from === 'closed' && row.closed_at ? row.closed_at : now };
  return { acknowledged_at, resolved_at: null, closed_at: null };
}

const isoOrNull = (d: Date | null | undefined) => (d ? d.toISOString() : null);

/**
 * Moves an incident along a declared transition: sets the given fields, checks the transition's
 * guard against the result (required fields, role, comment), and writes state, timestamps, the
 * field and status events, the optional comment and the audit record in one transaction.
 */
export async function transitionIncident(deps: Deps, actor: Actor, ref: string, input: IncidentTransitionInput): Promise<IncidentRow> {
  if (actor.role === 'auditor') throw new AppError('forbidden', 'Auditors change nothing');
  return deps.db.transaction().execute(async (tx) => {
    const now = deps.clock.now();
    const row = await lockForChange(tx, actor, ref, input.version);
    const type = await typeOf(tx, row);
    const transition = findTransition(type.workflow, row.state, input.to);
    const fields = { ...input.fields, ...(input.resolution !== undefined ? { resolution: input.resolution } : {}) };
    assertMayTransition(actor, transition, Object.keys(fields).length > 0);
    if (row.merged_into_id) throw new AppError('conflict', 'This incident was merged into another; work on the original');
    if (!transition) {
      const allowed = [...new Set(availableTransitions(type.workflow, row.state).map((t) => t.to))];
      throw new AppError('invalid_transition', `No transition leads from "${row.state}" to "${input.to}"`, { from: row.state, to: input.to, allowed });
    }
    const target = stateOf(type.workflow, transition.to);
    if (!target) throw new Error(`workflow of ${type.key} names a state it does not declare: ${transition.to}`);

    const plan = await planFieldChanges(tx, actor, row, type, fields);
    const after = { ...row, ...plan.set, custom: plan.custom } as IncidentRow;
    const unmet = unmetRequirements(transition, { core: coreValues(after), custom: plan.custom, comment: input.comment ?? null }, { role: actor.role }, type.fields);
    if (unmet.length > 0) {
      throw new AppError('guard_failed', `Cannot ${transition.label.en.toLowerCase()} yet: ${unmet.map((u) => u.message).join('; ')}`, unmet);
    }

    const times = lifecycleTimestamps(row, row.state_category, target.category, now);
    const updated = await updateIncidentRow(tx, row.id, {
      ...plan.set,
      state: target.key,
      state_category: target.category,
      ...times,
      version: row.version + 1,
      updated_at: now,
    });
    if (plan.newAssignee) await assertVisibleToAll(tx, row.id, [{ person: plan.newAssignee, path: 'fields.assigneeId' }]);
    await recordFieldChanges(tx, actor, now, row.id, updated.version, plan.changes);
    await appendTimeline(
      tx,
      actor,
      now,
      row.id,
      'incident.status_changed',
      { field: 'state', from: row.state, to: target.key, fromCategory: row.state_category, toCategory: target.category, transition: transition.key, version: updated.version },
      'public',
    );
    if (input.comment) await recordComment(tx, actor, now, updated, input.comment, input.commentVisibility);
    const diff = auditDiff(plan.changes);
    const lifecycle = (r: Pick<IncidentRow, 'acknowledged_at' | 'resolved_at' | 'closed_at'>) => ({
      acknowledgedAt: isoOrNull(r.acknowledged_at),
      resolvedAt: isoOrNull(r.resolved_at),
      closedAt: isoOrNull(r.closed_at),
    });
    await appendAudit(tx, actor, now, {
      entityType: 'incident',
      entityId: row.id,
      action: 'transition',
      before: { ...diff.before, state: row.state, stateCategory: row.state_category, ...lifecycle(row), version: row.version },
      after: { ...diff.after, transition: transition.key, state: updated.state, stateCategory: updated.state_category, ...lifecycle(updated), version: updated.version },
    });
    return runReactors(tx, deps, { kind: 'transitioned', incident: updated, before: row, actor, at: now, detail: { transition: transition.key } });
  });
}

/** Locks both incidents in id order, so two merges of the same pair cannot deadlock. */
async function lockPair(tx: Tx, actor: Actor, a: IncidentRow, b: IncidentRow): Promise<[IncidentRow, IncidentRow]> {
  const [first, second] = a.id < b.id ? [a, b] : [b, a];
  const lockedFirst = await selectVisibleIncident(tx, actor, first.id, { lock: true });
  const lockedSecond = await selectVisibleIncident(tx, actor, second.id, { lock: true });
  if (!lockedFirst || !lockedSecond) throw notFound('Incident');
  return a.id < b.id ? [lockedFirst, lockedSecond] : [lockedSecond, lockedFirst];
}

/**
 * Merges a duplicate into its original: the duplicate is closed by a system move (first closed
 * state of its workflow, no guard), points at the original, and links to it; its watchers and
 * reporter follow the original. Both incidents get a timeline event and an audit record.
 */
export async function mergeIncident(deps: Deps, actor: Actor, ref: string, input: IncidentMergeInput): Promise<IncidentRow> {
  assertMayEdit(actor);
  return deps.db.transaction().execute(async (tx) => {
    const now = deps.clock.now();
    const found = await selectVisibleIncident(tx, actor, ref);
    if (!found) throw notFound('Incident');
    const target = await selectVisibleIncident(tx, actor, input.into);
    if (!target) throw new AppError('not_found', `Incident ${input.into} not found`);
    if (found.id === target.id) throw validationError([{ path: 'into', message: 'an incident cannot be merged into itself' }]);
    const [dup, orig] = await lockPair(tx, actor, found, target);
    if (dup.merged_into_id) throw new AppError('conflict', `${dup.number} is already merged`);
    if (orig.merged_into_id) throw new AppError('conflict', `${orig.number} is itself merged into another incident; merge into that one`);
    assertMayMerge(actor, dup, orig);

    const type = await typeOf(tx, dup);
    const closed = type.workflow.states.find((s) => s.category === 'closed');
    if (!closed) throw new AppError('conflict', `The workflow of ${type.key} has no closed state to merge into`);

    const updated = await updateIncidentRow(tx, dup.id, {
      merged_into_id: orig.id,
      state: closed.key,
      state_category: closed.category,
      ...lifecycleTimestamps(dup, dup.state_category, closed.category, now),
      version: dup.version + 1,
      updated_at: now,
    });
    const followers = [...(await selectWatcherIds(tx, dup.id)), ...(dup.reporter_id ? [dup.reporter_id] : [])];
    const added = await insertWatchers(tx, orig.id, followers, now);
    await insertIncidentLink(tx, dup.id, orig.id, 'duplicate_of', actor.userId, now);
    if (input.comment) await recordComment(tx, actor, now, updated, input.comment, 'internal');

    await appendTimeline(
      tx,
      actor,
      now,
      dup.id,
      'incident.merged',
      { field: 'state', into: { id: orig.id, number: orig.number }, from: dup.state, to: closed.key, fromCategory: dup.state_category, toCategory: closed.category, version: updated.version },
      'public',
    );
    await appendTimeline(tx, actor, now, orig.id, 'incident.duplicate_merged', { duplicate: { id: dup.id, number: dup.number }, watchersAdded: added });
    await appendAudit(tx, actor, now, {
      entityType: 'incident',
      entityId: dup.id,
      action: 'merge',
      before: { state: dup.state, stateCategory: dup.state_category, mergedIntoId: null, closedAt: isoOrNull(dup.closed_at), version: dup.version },
      after: { state: updated.state, stateCategory: updated.state_category, mergedIntoId: orig.id, closedAt: isoOrNull(updated.closed_at), version: updated.version },
    });
    await appendAudit(tx, actor, now, {
      entityType: 'incident',
      entityId: orig.id,
      action: 'duplicate_merged',
      after: { duplicateId: dup.id, duplicateNumber: dup.number, watchersAdded: added },
    });
    return runReactors(tx, deps, { kind: 'merged', incident: updated, before: dup, actor, at: now, detail: { intoId: orig.id } });
  });
}
