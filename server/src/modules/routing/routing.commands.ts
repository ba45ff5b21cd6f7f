import type { RoutingRule, RoutingRuleCreate, RoutingRulePatch } from '@vigil/shared';
import type { Updateable } from 'kysely';
import type { RoutingRulesTable } from '../../db/schema.js';
import { requireRole } from '../../platform/authz.js';
import type { Actor, Deps } from '../../platform/context.js';
import { AppError, notFound } from '../../platform/errors.js';
import { appendAudit, canonicalJson } from '../audit/index.js';
import { auditRule, presentRule } from './routing.presenter.js';
import { escalationPoliciesThatExist } from './routing.effects.js';
import {
  deleteRuleRow,
  insertRule,
  nextRulePosition,
  selectAllRulesForUpdate,
  selectRuleById,
  selectRuleForUpdate,
  selectRules,
  updateRuleRow,
} from './routing.repo.js';
import { checkRuleReferences, ruleValidationError } from './routing.validate.js';

function versionConflict(expected: number, current: number): AppError {
  return new AppError('version_conflict', `The rule changed since version ${expected} (now ${current}); reload and apply your change again`, { currentVersion: current });
}

async function presented(db: Deps['db'], id: string): Promise<RoutingRule> {
  const row = await selectRuleById(db, id);
  if (!row) throw notFound('Routing rule');
  return presentRule(row);
}

/** Adds a rule at the end of the order (admins); every reference it makes is checked first. */
export async function createRoutingRule(deps: Deps, actor: Actor, input: RoutingRuleCreate): Promise<RoutingRule> {
  requireRole(actor, 'admin');
  const id = await deps.db.transaction().execute(async (tx) => {
    const now = deps.clock.now();
    const typeId = await checkRuleReferences(tx, input, 'body', escalationPoliciesThatExist);
    const row = await insertRule(tx, {
      name: input.name,
      type_id: typeId,
      position: await nextRulePosition(tx),
      enabled: input.enabled,
      conditions: JSON.stringify(input.conditions),
      effects: JSON.stringify(input.effects),
      stop_processing: input.stopProcessing,
      created_by: actor.userId,
      created_at: now,
      updated_at: now,
    });
    const after = presentRule((await selectRuleById(tx, row.id))!);
    await appendAudit(tx, actor, now, { entityType: 'routing_rule', entityId: row.id, action: 'create', after: auditRule(after) });
    return row.id;
  });
  return presented(deps.db, id);
}

/** Changes a rule (admins) against the version the caller last saw; only the keys sent change. */
export async function updateRoutingRule(deps: Deps, actor: Actor, id: string, patch: Omit<RoutingRulePatch, 'version'>, expectedVersion: number): Promise<RoutingRule> {
  requireRole(actor, 'admin');
  await deps.db.transaction().execute(async (tx) => {
    const now = deps.clock.now();
    const locked = await selectRuleForUpdate(tx, id);
    if (!locked) throw notFound('Routing rule');
    if (locked.version !== expectedVersion) throw versionConflict(expectedVersion, locked.version);
    const before = presentRule((await selectRuleById(tx, id))!);
    const next = {
      type: patch.type !== undefined ? patch.type : before.type?.id ?? null,
      conditions: patch.conditions ?? before.conditions,
      effects: patch.effects ?? before.effects,
    };
    const typeId = await checkRuleReferences(tx, next, 'body', escalationPoliciesThatExist);
    const changes: Updateable<RoutingRulesTable> = {};
    if (patch.name !== undefined && patch.name !== before.name) changes.name = patch.name;
    if (patch.type !== undefined && typeId !== (before.type?.id ?? null)) changes.type_id = typeId;
    if (patch.enabled !== undefined && patch.enabled !== before.enabled) changes.enabled = patch.enabled;
    if (patch.conditions !== undefined && canonicalJson(patch.conditions) !== canonicalJson(before.conditions)) changes.conditions = JSON.stringify(patch.conditions);
    if (patch.effects !== undefined && canonicalJson(patch.effects) !== canonicalJson(before.effects)) changes.effects = JSON.stringify(patch.effects);
    if (patch.stopProcessing !== undefined && patch.stopProcessing !== before.stopProcessing) changes.stop_processing = patch.stopProcessing;
    // A change that changes nothing keeps the version and records nothing.
    if (Object.keys(changes).length === 0) return;
    await updateRuleRow(tx, id, { ...changes, version: locked.version + 1, updated_at: now });
    const after = presentRule((await selectRuleById(tx, id))!);
    await appendAudit(tx, actor, now, { entityType: 'routing_rule', entityId: id, action: 'update', before: auditRule(before), after: auditRule(after) });
  });
  return presented(deps.db, id);
}

/** Deletes a rule (admins); with a version, only if it is still that version. Incidents keep what it did. */
export async function deleteRoutingRule(deps: Deps, actor: Actor, id: string, expectedVersion: number | undefined): Promise<void> {
  requireRole(actor, 'admin');
  await deps.db.transaction().execute(async (tx) => {
    const now = deps.clock.now();
    const locked = await selectRuleForUpdate(tx, id);
    if (!locked) throw notFound('Routing rule');
    if (expectedVersion !== undefined && locked.version !== expectedVersion) throw versionConflict(expectedVersion, locked.version);
    const before = presentRule((await selectRuleById(tx, id))!);
    await deleteRuleRow(tx, id);
    await appendAudit(tx, actor, now, { entityType: 'routing_rule', entityId: id, action: 'delete', before: auditRule(before) });
  });
}

/**
 * Puts the rules in a new order (admins): `ids` must name every rule exactly once. Each rule that
 * moves gets positions 1..n, a new version and an audit record.
 */
export async function reorderRoutingRules(deps: Deps, actor: Actor, ids: readonly string[]): Promise<RoutingRule[]> {
  requireRole(actor, 'admin');
  await deps.db.transaction().execute(async (tx) => {
    const now = deps.clock.now();
    const rules = await selectAllRulesForUpdate(tx);
    const known = new Map(rules.map((r) => [r.id, r]));
    const issues: Array<{ path: string; message: string }> = [];
    const seen = new Set<string>();
    ids.forEach((id, i) => {
      if (!known.has(id)) issues.push({ path: `body.ids.${i}`, message: 'is not a routing rule' });
      else if (seen.has(id)) issues.push({ path: `body.ids.${i}`, message: 'is listed twice' });
      seen.add(id);
    });
    const missing = rules.filter((r) => !seen.has(r.id));
    if (missing.length > 0) issues.push({ path: 'body.ids', message: `must list every rule; missing: ${missing.map((r) => `${r.id} (${r.name})`).join(', ')}` });
    if (issues.length > 0) throw ruleValidationError(issues);
    for (const [i, id] of ids.entries()) {
      const rule = known.get(id)!;
      const position = i + 1;
      if (rule.position === position) continue;
      await updateRuleRow(tx, id, { position, version: rule.version + 1, updated_at: now });
      await appendAudit(tx, actor, now, {
        entityType: 'routing_rule',
        entityId: id,
        action: 'reorder',
        before: { name: rule.name, position: rule.position, version: rule.version },
        after: { name: rule.name, position, version: rule.version + 1 },
      });
    }
  });
  return (await selectRules(deps.db)).map(presentRule);
}
