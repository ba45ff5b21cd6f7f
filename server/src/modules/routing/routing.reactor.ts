import type { IncidentType, RoutingEffect, RoutingEffectOutcome, RoutingMode } from '@vigil/shared';
import type { Tx } from '../../db/client.js';
import type { IncidentRow } from '../../db/schema.js';
import { systemActor, type Deps, type IncidentChange, type IncidentReactor } from '../../platform/context.js';
import { appendAudit } from '../audit/index.js';
import { applyRoutedFields, selectIncidentById, type RoutedFieldEffect } from '../incidents/index.js';
import { getIncidentType } from '../types/index.js';
import { notifyForRule, startRuleEscalation } from './routing.effects.js';
import { orderRules, settleStep, startPass, stepRule, type DecidedField, type EvaluableRule, type RulePlan, type RoutingSubject } from './routing.evaluate.js';
import { evaluableRule } from './routing.presenter.js';
import { insertApplication, selectAppliedRuleIds, selectRules } from './routing.repo.js';

/** A rule with the version that was applied (an unsaved rule in a preview has version 0). */
export type RunnableRule = EvaluableRule & { version: number };

/** One effect as it turned out. */
export type EffectRun = { index: number; effect: RoutingEffect; outcome: RoutingEffectOutcome; reason: string | null; from?: unknown; to?: unknown };

/** One matching rule and what each of its effects did. */
export type RuleRun = { plan: RulePlan; effects: EffectRun[] };

/**
 * Incident columns whose change makes routing look again. Team, assignee, state and the timestamps
 * are not among them: routing reacts to what an incident is, not to who works it or where it stands.
 */
export const routingRelevantColumns: ReadonlySet<string> = new Set([
  'type_id',
  'title',
  'category',
  'priority',
  'severity',
  'impact',
  'urgency',
  'business_areas',
  'locations',
  'assets',
  'services',
  'custom',
  'source',
]);

/** The incident as the evaluator reads it. */
export function subjectOf(row: IncidentRow, type: IncidentType): RoutingSubject {
  return {
    typeId: row.type_id,
    typeKey: type.key,
    typeDefaultTeamId: type.defaultTeamId,
    title: row.title,
    category: row.category,
    priority: row.priority,
    priorityOverridden: row.priority_overridden,
    severity: row.severity,
    impact: row.impact,
    urgency: row.urgency,
    businessAreas: row.business_areas,
    locations: row.locations,
    assets: row.assets,
    services: row.services,
    custom: row.custom,
    source: row.source,
    teamId: row.team_id,
    assigneeId: row.assignee_id,
  };
}

const fieldKinds = new Set<RoutingEffect['kind']>(['set_team', 'set_assignee', 'set_priority', 'raise_priority', 'add_watchers']);
const decidedBy: Partial<Record<RoutingEffect['kind'], DecidedField>> = { set_team: 'team', set_assignee: 'assignee', set_priority: 'priority', raise_priority: 'priority' };
const fieldOf: Partial<Record<RoutingEffect['kind'], string>> = { set_team: 'teamId', set_assignee: 'assignee', set_priority: 'priority', raise_priority: 'priority' };
const toOutcome = (o: 'applied' | 'skipped' | 'no_change'): RoutingEffectOutcome => (o === 'applied' ? 'apply' : o);

/**
 * Applies one matching rule: its field effects through the incidents module, then its escalation and
 * notify effects; remembers that the rule was applied to the incident (`record`), and writes one
 * audit record (actor: the system) naming the rule when anything was applied or skipped.
 */
async function applyRule(tx: Tx, deps: Deps, incident: IncidentRow, step: RulePlan, version: number, at: Date, record: boolean): Promise<{ row: IncidentRow; effects: EffectRun[] }> {
  const rule = { id: step.rule.id, name: step.rule.name };
  const effects: EffectRun[] = step.effects.map((e) => ({ ...e }));
  const toApply = step.effects.filter((e) => e.outcome === 'apply');
  const fields = toApply.filter((e) => fieldKinds.has(e.effect.kind)).map((e) => ({ index: e.index, effect: e.effect as RoutedFieldEffect }));
  let row = incident;
  if (fields.length > 0) {
    const applied = await applyRoutedFields(tx, at, incident.id, rule, fields);
    row = applied.row;
    for (const o of applied.outcomes) {
      effects[o.index] = { index: o.index, effect: step.effects[o.index]!.effect, outcome: toOutcome(o.outcome), reason: o.reason, ...('from' in o ? { from: o.from } : {}), ...('to' in o ? { to: o.to } : {}) };
    }
  }
  for (const e of toApply) {
    if (e.effect.kind === 'start_escalation') {
      const o = await startRuleEscalation(tx, deps, row, rule, e.index, e.effect.policyId, at);
      effects[e.index] = { index: e.index, effect: e.effect, outcome: toOutcome(o.outcome), reason: o.reason, ...(o.to ? { to: o.to } : {}) };
    } else if (e.effect.kind === 'notify') {
      const o = await notifyForRule(tx, deps, row, rule, e.index, e.effect, at);
      effects[e.index] = { index: e.index, effect: e.effect, outcome: toOutcome(o.outcome), reason: o.reason, ...(o.to ? { to: o.to } : {}) };
    }
  }
  if (record) await insertApplication(tx, incident.id, rule.id, version, at);
  const done = effects.filter((e) => e.outcome !== 'no_change');
  if (done.length > 0) {
    row = (await selectIncidentById(tx, incident.id)) ?? row;
    await appendAudit(tx, systemActor, at, {
      entityType: 'incident',
      entityId: incident.id,
      action: 'route',
      before: Object.fromEntries(done.filter((e) => e.from !== undefined && fieldOf[e.effect.kind]).map((e) => [fieldOf[e.effect.kind], e.from])),
      after: {
        rule: { ...rule, version },
        effects: done.map((e) => ({ index: e.index, kind: e.effect.kind, outcome: e.outcome === 'apply' ? 'applied' : e.outcome, reason: e.reason, ...(e.to !== undefined ? { to: e.to } : {}) })),
        version: row.version,
      },
    });
  }
  return { row, effects };
}

/**
 * Runs the rules over the incident in position order, inside the caller's transaction: each
 * matching rule is planned against the incident as the rules before it left it, applied, and the
 * pass continues from the row as it now is. A rule applied to the incident before is not applied
 * again (it may still stop the pass). With `record: false` nothing marks rules as applied (previews
 * of unsaved rules, rolled back anyway).
 */
export async function runRouting(
  tx: Tx,
  deps: Deps,
  incident: IncidentRow,
  rules: readonly RunnableRule[],
  opts: { mode: RoutingMode; at: Date; record: boolean },
): Promise<RuleRun[]> {
  const type = await getIncidentType(tx, incident.type_id);
  if (!type) throw new Error(`incident ${incident.id} has no type ${incident.type_id}`);
  const appliedBefore = opts.mode === 'updated' ? await selectAppliedRuleIds(tx, incident.id) : new Set<string>();
  const pass = startPass(subjectOf(incident, type), { mode: opts.mode, appliedBefore });
  const runs: RuleRun[] = [];
  let row = incident;
  for (const rule of orderRules(rules)) {
    const step = stepRule(pass, rule);
    if (step) {
      if (appliedBefore.has(rule.id)) runs.push({ plan: step, effects: step.effects });
      else {
        const done = await applyRule(tx, deps, row, step, rule.version, opts.at, opts.record);
        row = done.row;
        const skipped = done.effects.filter((e) => e.outcome === 'skipped' && decidedBy[e.effect.kind]).map((e) => decidedBy[e.effect.kind]!);
        settleStep(pass, subjectOf(row, type), skipped);
        runs.push({ plan: step, effects: done.effects });
      }
    }
    if (pass.stoppedBy !== null) break;
  }
  return runs;
}

/** Which routing pass a change calls for: all rules on creation, a second look when what the incident is changed, else none. */
export function routingModeFor(change: Pick<IncidentChange, 'kind' | 'changedFields' | 'incident'>): RoutingMode | null {
  if (change.kind === 'created') return 'created';
  if (change.kind !== 'updated' && change.kind !== 'transitioned') return null;
  const row = change.incident;
  if (row.merged_into_id !== null || row.state_category === 'resolved' || row.state_category === 'closed') return null;
  return change.changedFields.some((f) => routingRelevantColumns.has(f)) ? 'updated' : null;
}

/**
 * The routing reactor, first of the incident reactors: on creation and on changes to what an
 * incident is, it applies the enabled rules. Its own changes do not run the reactors again (it
 * writes through the incidents module's helper, not through incident commands).
 */
export const routingReactor: IncidentReactor = {
  name: 'routing',
  react: async (tx, deps, change) => {
    const mode = routingModeFor(change);
    if (!mode) return;
    const rules = await selectRules(tx, { enabledOnly: true });
    if (rules.length === 0) return;
    await runRouting(tx, deps, change.incident, rules.map(evaluableRule), { mode, at: change.at, record: true });
  },
};
