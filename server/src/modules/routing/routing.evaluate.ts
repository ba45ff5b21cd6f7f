import type { Level, Priority, RoutingCondition, RoutingEffect, RoutingEffectOutcome, RoutingMode, Severity } from '@vigil/shared';

/** The incident as routing rules read it. */
export type RoutingSubject = {
  typeId: string;
  typeKey: string;
  /** The type's default team: on creation a rule may replace it (nobody chose it). */
  typeDefaultTeamId: string | null;
  title: string;
  category: string | null;
  priority: Priority;
  /** The priority no longer follows the impact x urgency matrix (a person or a rule set it): rules only raise it. */
  priorityOverridden: boolean;
  severity: Severity;
  impact: Level;
  urgency: Level;
  businessAreas: readonly string[];
  locations: readonly string[];
  assets: readonly string[];
  services: readonly string[];
  custom: Readonly<Record<string, unknown>>;
  source: string;
  teamId: string | null;
  assigneeId: string | null;
};

/** A rule as the evaluator needs it. */
export type EvaluableRule = {
  id: string;
  name: string;
  typeId: string | null;
  position: number;
  enabled: boolean;
  conditions: readonly RoutingCondition[];
  effects: readonly RoutingEffect[];
  stopProcessing: boolean;
};

export type ConditionResult = { index: number; condition: RoutingCondition; matched: boolean; actual: unknown };

export type PlannedEffect = { index: number; effect: RoutingEffect; outcome: RoutingEffectOutcome; reason: string | null; from?: unknown; to?: unknown };

export type RulePlan = { rule: EvaluableRule; conditions: ConditionResult[]; effects: PlannedEffect[] };

export type RoutingPlan = {
  /** Rules that matched, in order (those applied before included, with every effect no_change). */
  matched: RulePlan[];
  /** The rule that stopped processing, if one did. */
  stoppedBy: string | null;
  /** The incident as it will be once the planned field effects are applied. */
  result: RoutingSubject;
};

const priorityRank: Record<Priority, number> = { P1: 5, P2: 4, P3: 3, P4: 2, P5: 1 };
const severityRank: Record<Severity, number> = { critical: 4, high: 3, medium: 2, low: 1 };
const levelRank: Record<Level, number> = { high: 3, medium: 2, low: 1 };

/** Whether priority `a` is more urgent than `b` (P1 is the highest). */
export function isHigherPriority(a: Priority, b: Priority): boolean {
  return priorityRank[a] > priorityRank[b];
}

/** Rules in the one evaluation order: by position, then by id so equal positions stay deterministic. */
export function orderRules<T extends Pick<EvaluableRule, 'position' | 'id'>>(rules: readonly T[]): T[] {
  return [...rules].sort((a, b) => a.position - b.position || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * Matches a glob over the whole text, case-insensitively: `*` is any run of characters, `?` one
 * character. No regular expressions, so no pattern can take super-linear backtracking time: the
 * classic two-pointer walk is O(text x pattern) at worst, with both bounded to a few hundred characters.
 */
export function globMatches(pattern: string, text: string): boolean {
  const p = [...pattern.toLocaleLowerCase('en')];
  const t = [...text.toLocaleLowerCase('en')];
  let pi = 0;
  let ti = 0;
  let star = -1;
  let mark = 0;
  while (ti < t.length) {
    if (pi < p.length && (p[pi] === '?' || (p[pi] !== '*' && p[pi] === t[ti]))) {
      pi++;
      ti++;
    } else if (pi < p.length && p[pi] === '*') {
      star = pi++;
      mark = ti;
    } else if (star >= 0) {
      pi = star + 1;
      ti = ++mark;
    } else {
      return false;
    }
  }
  while (pi < p.length && p[pi] === '*') pi++;
  return pi === p.length;
}

const lower = (s: string) => s.toLocaleLowerCase('en');
const sameScalar = (a: unknown, b: unknown) => a === b;

function customMatches(condition: Extract<RoutingCondition, { field: 'custom' }>, actual: unknown): boolean {
  const present = actual !== undefined && actual !== null && actual !== '' && !(Array.isArray(actual) && actual.length === 0);
  switch (condition.op) {
    case 'exists':
      return present;
    case 'equals':
      return Array.isArray(actual) ? false : sameScalar(actual, condition.value);
    case 'in':
      return !Array.isArray(actual) && condition.value.some((v) => sameScalar(actual, v));
    case 'contains':
      if (Array.isArray(actual)) return actual.some((v) => sameScalar(v, condition.value));
      return typeof actual === 'string' && lower(actual).includes(lower(condition.value));
  }
}

/** The value a condition reads from the incident (shown in previews as `actual`). */
function actualOf(condition: RoutingCondition, s: RoutingSubject): unknown {
  switch (condition.field) {
    case 'type':
      return s.typeKey;
    case 'custom':
      return s.custom[condition.key] ?? null;
    default:
      return s[condition.field];
  }
}

function anyOf(actual: readonly string[], wanted: readonly string[]): boolean {
  const have = new Set(actual.map(lower));
  return wanted.some((w) => have.has(lower(w)));
}

/** Whether one condition holds for the incident. */
export function conditionMatches(condition: RoutingCondition, s: RoutingSubject): boolean {
  switch (condition.field) {
    case 'type':
      return condition.value.includes(s.typeKey);
    case 'category':
      if (s.category === null) return false;
      return condition.op === 'equals' ? s.category === condition.value : s.category === condition.value || s.category.startsWith(condition.value + '/');
    case 'priority':
      return condition.op === 'in' ? condition.value.includes(s.priority) : priorityRank[s.priority] >= priorityRank[condition.value];
    case 'severity':
      return condition.op === 'in' ? condition.value.includes(s.severity) : severityRank[s.severity] >= severityRank[condition.value];
    case 'impact':
    case 'urgency': {
      const actual = s[condition.field];
      return condition.op === 'in' ? condition.value.includes(actual) : levelRank[actual] >= levelRank[condition.value];
    }
    case 'businessAreas':
    case 'locations':
    case 'assets':
    case 'services':
      return anyOf(s[condition.field], condition.value);
    case 'custom':
      return customMatches(condition, s.custom[condition.key]);
    case 'source':
      return (condition.value as readonly string[]).includes(s.source);
    case 'title':
      return condition.op === 'contains' ? lower(s.title).includes(lower(condition.value)) : globMatches(condition.value, s.title);
  }
}

/** Every condition of a rule with its result; the rule matches when it is enabled, of the incident's type (or global) and all hold. */
export function evaluateRule(rule: EvaluableRule, s: RoutingSubject): { matched: boolean; conditions: ConditionResult[] } {
  const conditions = rule.conditions.map((condition, index) => ({ index, condition, matched: conditionMatches(condition, s), actual: actualOf(condition, s) }));
  const matched = rule.enabled && (rule.typeId === null || rule.typeId === s.typeId) && conditions.every((c) => c.matched);
  return { matched, conditions };
}

/** One evaluation pass over the ordered rules: the incident as the rules so far left it, and which fields a rule has set. */
export type RoutingPass = {
  mode: RoutingMode;
  appliedBefore: ReadonlySet<string>;
  subject: RoutingSubject;
  decided: Set<DecidedField>;
  stoppedBy: string | null;
};
export type DecidedField = 'team' | 'assignee' | 'priority';

/** Starts a pass over the incident as it is now. */
export function startPass(subject: RoutingSubject, opts: { mode: RoutingMode; appliedBefore?: ReadonlySet<string> }): RoutingPass {
  return { mode: opts.mode, appliedBefore: opts.appliedBefore ?? new Set(), subject, decided: new Set(), stoppedBy: null };
}

/**
 * What one effect would do to the incident as earlier rules left it. Rules never undo a person's
 * choice: a team is replaced only when empty (or, on creation, when it is the type's default), an
 * assignee only when empty, and a priority is only ever raised once someone chose it. Within one
 * pass the first rule to set the team, the assignee or the priority wins; `raise_priority` may still
 * raise it further. A priority a rule sets no longer follows the matrix (as if set by hand).
 */
function planEffect(effect: RoutingEffect, index: number, pass: RoutingPass): PlannedEffect {
  const s = pass.subject;
  const plan = (outcome: RoutingEffectOutcome, reason: string | null = null, change?: { from: unknown; to: unknown }): PlannedEffect => ({ index, effect, outcome, reason, ...change });
  switch (effect.kind) {
    case 'set_team': {
      if (pass.decided.has('team')) return plan('no_change', 'an earlier rule set the team');
      if (s.teamId === effect.teamId) return plan('no_change', 'the team is already set');
      const replaceable = s.teamId === null || (pass.mode === 'created' && s.teamId === s.typeDefaultTeamId);
      if (!replaceable) return plan('no_change', 'a team was chosen; rules fill an empty team only');
      pass.decided.add('team');
      pass.subject = { ...s, teamId: effect.teamId };
      return plan('apply', null, { from: s.teamId, to: effect.teamId });
    }
    case 'set_assignee': {
      if (pass.decided.has('assignee')) return plan('no_change', 'an earlier rule set the assignee');
      if (s.assigneeId === effect.userId) return plan('no_change', 'already assigned to this user');
      if (s.assigneeId !== null) return plan('no_change', 'someone is assigned; rules fill an empty assignee only');
      pass.decided.add('assignee');
      pass.subject = { ...s, assigneeId: effect.userId };
      return plan('apply', null, { from: null, to: effect.userId });
    }
    case 'set_priority':
    case 'raise_priority': {
      // set_priority sets exactly (it may lower) only on creation over a priority nobody chose; anywhere else it raises.
      const exact = effect.kind === 'set_priority' && pass.mode === 'created' && !s.priorityOverridden;
      if (effect.kind === 'set_priority' && pass.decided.has('priority')) return plan('no_change', 'an earlier rule set the priority');
      if (s.priority === effect.priority) return plan('no_change', 'the priority is already ' + effect.priority);
      if (!exact && !isHigherPriority(effect.priority, s.priority)) return plan('no_change', `${s.priority} is already higher; rules only raise the priority here`);
      pass.decided.add('priority');
      pass.subject = { ...s, priority: effect.priority, priorityOverridden: true };
      return plan('apply', null, { from: s.priority, to: effect.priority });
    }
    case 'add_watchers':
    case 'start_escalation':
    case 'notify':
      return plan('apply');
  }
}

/**
 * Evaluates one rule against the incident as the pass has it and plans its effects; null when it
 * does not match or the pass has stopped. A rule in `appliedBefore` (it matched this incident
 * earlier) still matches and may stop the pass, but its effects are not applied again.
 */
export function stepRule(pass: RoutingPass, rule: EvaluableRule): RulePlan | null {
  if (pass.stoppedBy !== null) return null;
  const evaluation = evaluateRule(rule, pass.subject);
  if (!evaluation.matched) return null;
  const effects = pass.appliedBefore.has(rule.id)
    ? rule.effects.map((effect, index) => ({ index, effect, outcome: 'no_change' as const, reason: 'this rule was applied to the incident before' }))
    : rule.effects.map((effect, index) => planEffect(effect, index, pass));
  if (rule.stopProcessing) pass.stoppedBy = rule.id;
  return { rule, conditions: evaluation.conditions, effects };
}

/**
 * After a rule's effects were applied for real: the incident as it now is, and the fields whose
 * planned change was skipped (e.g. an assignee who may not see the incident), which later rules may
 * then still set.
 */
export function settleStep(pass: RoutingPass, subject: RoutingSubject, skipped: readonly DecidedField[]): void {
  pass.subject = subject;
  for (const f of skipped) pass.decided.delete(f);
}

/**
 * Evaluates the rules in position order against the incident, as if every planned effect succeeds.
 * Each matching rule sees the incident as the rules before it left it; a matching rule with
 * stopProcessing ends the pass. Pure: the reactor drives the same steps with the database in between.
 */
export function planRouting(rules: readonly EvaluableRule[], subject: RoutingSubject, opts: { mode: RoutingMode; appliedBefore?: ReadonlySet<string> }): RoutingPlan {
  const pass = startPass(subject, opts);
  const matched: RulePlan[] = [];
  for (const rule of orderRules(rules)) {
    const step = stepRule(pass, rule);
    if (step) matched.push(step);
    if (pass.stoppedBy !== null) break;
  }
  return { matched, stoppedBy: pass.stoppedBy, result: pass.subject };
}
