import type { RoutingCondition, RoutingEffect, RoutingRule } from '@vigil/shared';
import type { EvaluableRule } from './routing.evaluate.js';
import type { RuleWithType } from './routing.repo.js';

/** A rule row as the API shows it (conditions and effects were checked against the contract when written). */
export function presentRule(row: RuleWithType): RoutingRule {
  return {
    id: row.id,
    name: row.name,
    type: row.type_id && row.type_key ? { id: row.type_id, key: row.type_key } : null,
    position: row.position,
    enabled: row.enabled,
    conditions: row.conditions as RoutingCondition[],
    effects: row.effects as RoutingEffect[],
    stopProcessing: row.stop_processing,
    version: row.version,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** A rule as the audit record keeps it: everything but the timestamps. */
export function auditRule(rule: RoutingRule): Record<string, unknown> {
  const { createdAt: _c, updatedAt: _u, ...rest } = rule;
  return rest;
}

/** A rule row as the evaluator reads it. */
export function evaluableRule(row: RuleWithType): EvaluableRule & { version: number } {
  return {
    id: row.id,
    name: row.name,
    typeId: row.type_id,
    position: row.position,
    enabled: row.enabled,
    conditions: row.conditions as RoutingCondition[],
    effects: row.effects as RoutingEffect[],
    stopProcessing: row.stop_processing,
    version: row.version,
  };
}
