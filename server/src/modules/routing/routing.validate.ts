import type { FieldDefinition, IncidentType, RoutingCondition, RoutingEffect } from '@vigil/shared';
import type { DbOrTx } from '../../db/client.js';
import { AppError } from '../../platform/errors.js';
import { getIncidentType, isValidCategory } from '../types/index.js';
import { selectAllTypeIds, selectExistingTeamIds, selectRoutingPeople } from './routing.repo.js';

export type RuleIssue = { path: string; message: string };

/** The parts of a rule that name other records. */
export type RuleReferences = { type: string | null; conditions: readonly RoutingCondition[]; effects: readonly RoutingEffect[] };

/** Checks the escalation policies a rule starts; answers the ids that exist. */
export type PolicyLookup = (db: DbOrTx, ids: readonly string[]) => Promise<Set<string>>;

const workerRoles = new Set(['agent', 'manager', 'admin']);
const singleKinds = new Set<RoutingEffect['kind']>(['set_team', 'set_assignee', 'set_priority', 'raise_priority']);

export function ruleValidationError(issues: RuleIssue[]): AppError {
  return new AppError('validation_failed', 'The rule is not valid: ' + issues.map((i) => `${i.path}: ${i.message}`).join('; '), issues);
}

async function typesByRef(db: DbOrTx, refs: readonly string[]): Promise<Map<string, IncidentType | null>> {
  const out = new Map<string, IncidentType | null>();
  for (const ref of new Set(refs)) out.set(ref, await getIncidentType(db, ref));
  return out;
}

function checkCustomValue(field: FieldDefinition, value: unknown): string | null {
  switch (field.kind) {
    case 'number':
      return typeof value === 'number' ? null : 'must be a number for this field';
    case 'boolean':
      return typeof value === 'boolean' ? null : 'must be true or false for this field';
    case 'enum':
    case 'multi_enum':
      return typeof value === 'string' && field.options?.some((o) => o.value === value) ? null : `must be one of: ${(field.options ?? []).map((o) => o.value).join(', ')}`;
    default:
      return typeof value === 'string' ? null : 'must be text for this field';
  }
}

/** Why a custom-field condition cannot apply to this field definition, or null when it can. */
function customIssue(condition: Extract<RoutingCondition, { field: 'custom' }>, field: FieldDefinition): { path: string; message: string } | null {
  if (condition.op === 'exists') return null;
  if (condition.op === 'contains') {
    if (field.kind === 'multi_enum') {
      const m = checkCustomValue(field, condition.value);
      return m ? { path: 'value', message: m } : null;
    }
    return field.kind === 'string' || field.kind === 'text' ? null : { path: 'op', message: `contains works on text and multi-choice fields; ${field.key} is ${field.kind}` };
  }
  if (field.kind === 'multi_enum') return { path: 'op', message: `${field.key} holds several values: use contains` };
  const values = condition.op === 'in' ? condition.value : [condition.value];
  for (let j = 0; j < values.length; j++) {
    const m = checkCustomValue(field, values[j]);
    if (m) return { path: condition.op === 'in' ? `value.${j}` : 'value', message: m };
  }
  return null;
}

/**
 * Checks every reference of a rule against the database: its type, the types, categories and
 * custom fields its conditions name (for a global rule: those of the types it names, or of any
 * type), and the teams, users and escalation policies of its effects. Every problem is reported at
 * once with its path under `prefix` (e.g. `body.effects.0.teamId`). Returns the rule's type id.
 */
export async function checkRuleReferences(db: DbOrTx, rule: RuleReferences, prefix: string, policies: PolicyLookup): Promise<string | null> {
  const issues: RuleIssue[] = [];
  const at = (path: string, message: string) => issues.push({ path: `${prefix}.${path}`, message });

  let ruleType: IncidentType | null = null;
  if (rule.type !== null) {
    ruleType = await getIncidentType(db, rule.type);
    if (!ruleType) at('type', `"${rule.type}" is not an incident type`);
  }

  const typeConditionKeys = rule.conditions.flatMap((c) => (c.field === 'type' ? c.value : []));
  const named = await typesByRef(db, typeConditionKeys);
  rule.conditions.forEach((c, i) => {
    if (c.field !== 'type') return;
    c.value.forEach((key, j) => {
      const t = named.get(key);
      if (!t || t.key !== key) at(`conditions.${i}.value.${j}`, `"${key}" is not the key of an incident type`);
    });
    if (ruleType && !c.value.includes(ruleType.key)) at(`conditions.${i}.value`, `the rule is for ${ruleType.key} incidents only, so this condition never holds`);
  });

  let candidates: IncidentType[];
  if (ruleType) candidates = [ruleType];
  else if (typeConditionKeys.length > 0) candidates = [...named.values()].filter((t): t is IncidentType => t !== null);
  else candidates = (await Promise.all((await selectAllTypeIds(db)).map((id) => getIncidentType(db, id)))).filter((t): t is IncidentType => t !== null);
  const scope = ruleType ? `${ruleType.key}` : typeConditionKeys.length > 0 ? 'the types this rule names' : 'any incident type';

  rule.conditions.forEach((c, i) => {
    if (c.field === 'category' && !candidates.some((t) => isValidCategory(t.categories, c.value))) {
      at(`conditions.${i}.value`, `"${c.value}" is not a category of ${scope}`);
    }
    if (c.field === 'custom') {
      const fields = candidates.flatMap((t) => t.fields.filter((f) => f.key === c.key));
      if (fields.length === 0) at(`conditions.${i}.key`, `"${c.key}" is not a custom field of ${scope}`);
      else {
        const problems = fields.map((f) => customIssue(c, f));
        const first = problems[0];
        if (problems.every((p) => p !== null) && first) at(`conditions.${i}.${first.path}`, first.message);
      }
    }
  });

  const teamIds = rule.effects.flatMap((e) => (e.kind === 'set_team' ? [e.teamId] : e.kind === 'notify' ? e.teamIds : []));
  const userIds = rule.effects.flatMap((e) => (e.kind === 'set_assignee' ? [e.userId] : e.kind === 'add_watchers' || e.kind === 'notify' ? e.userIds : []));
  const policyIds = rule.effects.flatMap((e) => (e.kind === 'start_escalation' ? [e.policyId] : []));
  const [teams, people, knownPolicies] = await Promise.all([selectExistingTeamIds(db, teamIds), selectRoutingPeople(db, userIds), policyIds.length > 0 ? policies(db, policyIds) : Promise.resolve(new Set<string>())]);
  const user = (path: string, id: string, worker = false) => {
    const p = people.get(id);
    if (!p) at(path, 'is not a user');
    else if (!p.active) at(path, `${p.name} is not active`);
    else if (worker && !workerRoles.has(p.role)) at(path, `${p.name} is not an agent, manager or admin`);
  };
  const seen = new Set<string>();
  rule.effects.forEach((e, i) => {
    if (singleKinds.has(e.kind)) {
      if (seen.has(e.kind)) at(`effects.${i}.kind`, `only one ${e.kind} effect per rule`);
      seen.add(e.kind);
    }
    switch (e.kind) {
      case 'set_team':
        if (!teams.has(e.teamId)) at(`effects.${i}.teamId`, 'is not a team');
        break;
      case 'set_assignee':
        user(`effects.${i}.userId`, e.userId, true);
        break;
      case 'add_watchers':
        e.userIds.forEach((id, j) => user(`effects.${i}.userIds.${j}`, id));
        break;
      case 'notify':
        e.userIds.forEach((id, j) => user(`effects.${i}.userIds.${j}`, id));
        e.teamIds.forEach((id, j) => {
          if (!teams.has(id)) at(`effects.${i}.teamIds.${j}`, 'is not a team');
        });
        break;
      case 'start_escalation':
        if (!knownPolicies.has(e.policyId)) at(`effects.${i}.policyId`, 'is not an escalation policy');
        break;
      case 'set_priority':
      case 'raise_priority':
        break;
    }
  });

  if (issues.length > 0) throw ruleValidationError(issues);
  return ruleType?.id ?? null;
}
