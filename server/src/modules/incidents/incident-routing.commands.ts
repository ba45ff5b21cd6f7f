import type { Priority } from '@vigil/shared';
import type { Tx } from '../../db/client.js';
import type { IncidentRow, IncidentUpdate } from '../../db/schema.js';
import { systemActor } from '../../platform/context.js';
import { appendTimeline } from '../timeline/index.js';
import { actorOf } from './incident.changes.js';
import { workerRoles } from './incident.policy.js';
import { deleteWatcher, insertWatchers, isIncidentVisible, selectPeople, selectUserNames, selectVisibleIncident, teamExists, updateIncidentRow } from './incident.repo.js';

/** A routing rule's effect on the incident's own fields. */
export type RoutedFieldEffect =
  | { kind: 'set_team'; teamId: string }
  | { kind: 'set_assignee'; userId: string }
  | { kind: 'set_priority' | 'raise_priority'; priority: Priority }
  | { kind: 'add_watchers'; userIds: readonly string[] };

/** What became of one effect: applied, skipped (with why), or nothing to do. */
export type RoutedFieldOutcome = { index: number; outcome: 'applied' | 'skipped' | 'no_change'; reason: string | null; from?: unknown; to?: unknown };

type Rule = { id: string; name: string };
type Skip = { index: number; kind: RoutedFieldEffect['kind']; reason: string; user?: { id: string; name: string } };

/**
 * Applies the field effects of one routing rule to the incident, in the routing reactor's transaction:
 * locks the row, writes team and priority (then no longer following the matrix), then the assignee only if they may see the incident as it
 * now is without being its assignee (a rule must not open a restricted incident to an outsider), then
 * the watchers who may see it. One version for the whole rule; one `routing.applied` timeline event
 * (actor: the system) per effect applied or skipped, naming the rule. The caller writes the audit
 * record, one per rule, because the rule's other effects (escalation, notifications) belong in it too.
 */
export async function applyRoutedFields(
  tx: Tx,
  at: Date,
  incidentId: string,
  rule: Rule,
  effects: ReadonlyArray<{ index: number; effect: RoutedFieldEffect }>,
): Promise<{ row: IncidentRow; outcomes: RoutedFieldOutcome[] }> {
  const row = await selectVisibleIncident(tx, systemActor, incidentId, { lock: true });
  if (!row) throw new Error(`routing: incident ${incidentId} is gone`);
  const outcomes: RoutedFieldOutcome[] = [];
  const skips: Skip[] = [];
  const applied: Array<{ index: number; kind: string; field: string; from: unknown; to: unknown }> = [];
  const set: IncidentUpdate = {};
  const skip = (s: Skip) => {
    skips.push(s);
    // Watchers are summed up per effect below; every other effect has one outcome.
    if (s.kind !== 'add_watchers') outcomes.push({ index: s.index, outcome: 'skipped', reason: s.reason });
  };

  for (const { index, effect } of effects) {
    if (effect.kind === 'set_team' && effect.teamId !== row.team_id) {
      if (!(await teamExists(tx, effect.teamId))) skip({ index, kind: effect.kind, reason: 'the team no longer exists' });
      else {
        set.team_id = effect.teamId;
        applied.push({ index, kind: effect.kind, field: 'teamId', from: row.team_id, to: effect.teamId });
      }
    } else if ((effect.kind === 'set_priority' || effect.kind === 'raise_priority') && effect.priority !== row.priority) {
      // A priority a rule chose stops following the impact x urgency matrix, as one set by hand does.
      set.priority = effect.priority;
      set.priority_overridden = true;
      applied.push({ index, kind: effect.kind, field: 'priority', from: row.priority, to: effect.priority });
    }
  }
  let current = Object.keys(set).length > 0 ? await updateIncidentRow(tx, row.id, set) : row;

  const assign = effects.find((e): e is { index: number; effect: Extract<RoutedFieldEffect, { kind: 'set_assignee' }> } => e.effect.kind === 'set_assignee');
  if (assign && assign.effect.userId !== current.assignee_id) {
    const { index, effect } = assign;
    const person = (await selectPeople(tx, [effect.userId])).get(effect.userId);
    const user = person ? { id: person.id, name: person.name } : { id: effect.userId, name: '' };
    if (!person || !person.active) skip({ index, kind: effect.kind, reason: 'the user is not active', user });
    else if (!workerRoles.includes(person.role)) skip({ index, kind: effect.kind, reason: 'the user is not an agent, manager or admin', user });
    else if (!(await isIncidentVisible(tx, actorOf(person), row.id))) skip({ index, kind: effect.kind, reason: `${person.name} may not see this incident`, user });
    else {
      const names = await selectUserNames(tx, [current.assignee_id, person.id].filter((v): v is string => v !== null));
      const asRef = (id: string | null) => (id ? { id, name: names.get(id) ?? '' } : null);
      applied.push({ index, kind: effect.kind, field: 'assignee', from: asRef(current.assignee_id), to: asRef(person.id) });
      set.assignee_id = person.id;
    }
  }
  const changed = applied.length > 0;
  if (changed) current = await updateIncidentRow(tx, row.id, { ...(set.assignee_id ? { assignee_id: set.assignee_id } : {}), version: row.version + 1, updated_at: at });
  for (const a of applied) {
    await appendTimeline(tx, systemActor, at, row.id, 'routing.applied', { rule, effect: a.kind, effectIndex: a.index, outcome: 'applied', field: a.field, from: a.from, to: a.to, version: current.version });
    outcomes.push({ index: a.index, outcome: 'applied', reason: null, from: a.from, to: a.to });
  }

  for (const { index, effect } of effects) {
    if (effect.kind !== 'add_watchers') continue;
    const people = await selectPeople(tx, effect.userIds);
    const added: Array<{ id: string; name: string }> = [];
    for (const userId of effect.userIds) {
      const person = people.get(userId);
      if (!person || !person.active) {
        skip({ index, kind: effect.kind, reason: 'the user is not active', user: { id: userId, name: person?.name ?? '' } });
        continue;
      }
      if ((await insertWatchers(tx, row.id, [userId], at)).length === 0) continue;
      // Watching itself lets a reporter see an open incident, so check with the watcher row in place.
      if (await isIncidentVisible(tx, actorOf(person), row.id)) added.push({ id: person.id, name: person.name });
      else {
        await deleteWatcher(tx, row.id, userId);
        skip({ index, kind: effect.kind, reason: `${person.name} may not see this incident`, user: { id: person.id, name: person.name } });
      }
    }
    if (added.length > 0) await appendTimeline(tx, systemActor, at, row.id, 'routing.applied', { rule, effect: effect.kind, effectIndex: index, outcome: 'applied', field: 'watchers', added });
    const skippedUsers = skips.filter((s) => s.index === index && s.user);
    outcomes.push({
      index,
      outcome: added.length > 0 ? 'applied' : skippedUsers.length > 0 ? 'skipped' : 'no_change',
      reason: skippedUsers.length > 0 ? skippedUsers.map((s) => s.reason).join('; ') : null,
      ...(added.length > 0 ? { to: added } : {}),
    });
  }

  for (const s of skips) {
    await appendTimeline(tx, systemActor, at, row.id, 'routing.applied', { rule, effect: s.kind, effectIndex: s.index, outcome: 'skipped', reason: s.reason, ...(s.user ? { user: s.user } : {}) });
  }
  for (const { index } of effects) {
    if (!outcomes.some((o) => o.index === index)) outcomes.push({ index, outcome: 'no_change', reason: null });
  }
  outcomes.sort((a, b) => a.index - b.index);
  return { row: current, outcomes };
}
