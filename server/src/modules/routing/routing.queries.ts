import { randomUUID } from 'node:crypto';
import type { RoutingPreview, RoutingPreviewRequest, RoutingRule } from '@vigil/shared';
import type { Db } from '../../db/client.js';
import { requireRole } from '../../platform/authz.js';
import type { Actor, Deps } from '../../platform/context.js';
import { notFound } from '../../platform/errors.js';
import { getVisibleIncidentRow, selectIncidentById } from '../incidents/index.js';
import { getIncidentType } from '../types/index.js';
import { escalationPoliciesThatExist } from './routing.effects.js';
import { evaluateRule } from './routing.evaluate.js';
import { evaluableRule, presentRule } from './routing.presenter.js';
import { runRouting, subjectOf, type EffectRun, type RunnableRule } from './routing.reactor.js';
import { selectRuleById, selectRules } from './routing.repo.js';
import { checkRuleReferences } from './routing.validate.js';

const readers = ['admin', 'manager', 'auditor'] as const;

/** Every rule in evaluation order (admins, managers, auditors). */
export async function listRoutingRules(db: Db, actor: Actor): Promise<RoutingRule[]> {
  requireRole(actor, ...readers);
  return (await selectRules(db)).map(presentRule);
}

/** One rule (admins, managers, auditors). */
export async function getRoutingRule(db: Db, actor: Actor, id: string): Promise<RoutingRule> {
  requireRole(actor, ...readers);
  const row = await selectRuleById(db, id);
  if (!row) throw notFound('Routing rule');
  return presentRule(row);
}

/** Thrown to end the preview's transaction with a rollback, carrying what it found. */
class PreviewRollback extends Error {
  constructor(readonly effects: EffectRun[]) {
    super('preview rollback');
  }
}

/**
 * Tests one rule (saved, by id, or as it would be created) against an incident the caller may see:
 * which conditions hold, and what each effect would do. The effects run for real in a transaction
 * that is always rolled back, so the answer comes from the same code as routing itself (who may see
 * the incident, whether a policy already runs) and nothing changes. A disabled rule is tested as if enabled.
 */
export async function previewRoutingRule(deps: Deps, actor: Actor, req: RoutingPreviewRequest): Promise<RoutingPreview> {
  requireRole(actor, ...readers);
  let rule: RunnableRule;
  if (typeof req.rule === 'string') {
    const row = await selectRuleById(deps.db, req.rule);
    if (!row) throw notFound('Routing rule');
    rule = { ...evaluableRule(row), enabled: true };
  } else {
    const typeId = await checkRuleReferences(deps.db, req.rule, 'body.rule', escalationPoliciesThatExist);
    rule = { id: randomUUID(), name: req.rule.name, typeId, position: 0, enabled: true, conditions: req.rule.conditions, effects: req.rule.effects, stopProcessing: req.rule.stopProcessing, version: 0 };
  }
  const visible = await getVisibleIncidentRow(deps.db, actor, req.incidentId);
  if (!visible) throw notFound('Incident');
  const type = await getIncidentType(deps.db, visible.type_id);
  if (!type) throw new Error(`incident ${visible.id} has no type ${visible.type_id}`);
  const evaluation = evaluateRule(rule, subjectOf(visible, type));

  let effects: EffectRun[];
  if (!evaluation.matched) {
    const reason = rule.typeId !== null && rule.typeId !== visible.type_id ? `the rule is for another incident type` : 'the rule does not match';
    effects = rule.effects.map((effect, index) => ({ index, effect, outcome: 'no_change', reason }));
  } else {
    try {
      await deps.db.transaction().execute(async (tx) => {
        const row = (await selectIncidentById(tx, visible.id)) ?? visible;
        const runs = await runRouting(tx, deps, row, [rule], { mode: req.mode, at: deps.clock.now(), record: false });
        throw new PreviewRollback(runs[0]?.effects ?? []);
      });
      throw new Error('preview transaction was not rolled back');
    } catch (err) {
      if (!(err instanceof PreviewRollback)) throw err;
      effects = err.effects;
    }
  }
  return {
    matched: evaluation.matched,
    conditions: evaluation.conditions,
    effects: effects.map((e) => ({ index: e.index, effect: e.effect, outcome: e.outcome, reason: e.reason, ...(e.from !== undefined ? { from: e.from } : {}), ...(e.to !== undefined ? { to: e.to } : {}) })),
    stopProcessing: rule.stopProcessing,
  };
}
