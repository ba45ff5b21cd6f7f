import { priorities, routingConditionSchema, type RoutingCondition, type RoutingEffect } from '@vigil/shared';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { conditionMatches, evaluateRule, globMatches, isHigherPriority, orderRules, planRouting, type EvaluableRule, type RoutingSubject } from './routing.evaluate.js';

const teamA = '00000000-0000-4000-8000-00000000000a';
const teamB = '00000000-0000-4000-8000-00000000000b';
const defaultTeam = '00000000-0000-4000-8000-0000000000df';
const userA = '00000000-0000-4000-8000-0000000000a1';
const userB = '00000000-0000-4000-8000-0000000000b1';
const itType = '00000000-0000-4000-8000-000000000001';
const facilityType = '00000000-0000-4000-8000-000000000002';

function subject(overrides: Partial<RoutingSubject> = {}): RoutingSubject {
  return {
    typeId: itType,
    typeKey: 'it-outage',
    typeDefaultTeamId: defaultTeam,
    title: 'Mail server down in Hamburg',
    category: 'network/dns',
    priority: 'P3',
    priorityOverridden: false,
    severity: 'high',
    impact: 'medium',
    urgency: 'medium',
    businessAreas: ['Sales', 'Finance'],
    locations: ['Hamburg head office'],
    assets: [],
    services: ['Email'],
    custom: { environment: 'production', users_affected: 120, major_incident: true, breach_types: ['confidentiality', 'integrity'], workaround: 'Use webmail for now' },
    source: 'api',
    teamId: defaultTeam,
    assigneeId: null,
    ...overrides,
  };
}

let seq = 0;
function rule(overrides: Partial<EvaluableRule> = {}): EvaluableRule {
  seq += 1;
  return { id: `rule-${String(seq).padStart(4, '0')}`, name: `Rule ${seq}`, typeId: null, position: seq, enabled: true, conditions: [], effects: [], stopProcessing: false, ...overrides };
}

const cond = (c: unknown) => routingConditionSchema.parse(c);
const holds = (c: unknown, s: RoutingSubject = subject()) => conditionMatches(cond(c), s);

describe('routing conditions', () => {
  it('type, category, source', () => {
    expect(holds({ field: 'type', op: 'in', value: ['security', 'it-outage'] })).toBe(true);
    expect(holds({ field: 'type', op: 'in', value: ['security'] })).toBe(false);
    expect(holds({ field: 'category', op: 'equals', value: 'network/dns' })).toBe(true);
    expect(holds({ field: 'category', op: 'equals', value: 'network' })).toBe(false);
    expect(holds({ field: 'category', op: 'within', value: 'network' })).toBe(true);
    expect(holds({ field: 'category', op: 'within', value: 'network/dns' })).toBe(true);
    expect(holds({ field: 'category', op: 'within', value: 'net' })).toBe(false);
    expect(holds({ field: 'category', op: 'within', value: 'network' }, subject({ category: null }))).toBe(false);
    expect(holds({ field: 'source', op: 'in', value: ['api', 'alert'] })).toBe(true);
    expect(holds({ field: 'source', op: 'in', value: ['portal'] })).toBe(false);
  });

  it('priority, severity, impact and urgency by list and by "at least"', () => {
    expect(holds({ field: 'priority', op: 'in', value: ['P3'] })).toBe(true);
    expect(holds({ field: 'priority', op: 'at_least', value: 'P3' })).toBe(true);
    expect(holds({ field: 'priority', op: 'at_least', value: 'P2' })).toBe(false);
    expect(holds({ field: 'priority', op: 'at_least', value: 'P4' })).toBe(true);
    expect(holds({ field: 'severity', op: 'at_least', value: 'critical' })).toBe(false);
    expect(holds({ field: 'severity', op: 'at_least', value: 'critical' }, subject({ severity: 'critical' }))).toBe(true);
    expect(holds({ field: 'severity', op: 'in', value: ['low', 'high'] })).toBe(true);
    expect(holds({ field: 'impact', op: 'at_least', value: 'high' })).toBe(false);
    expect(holds({ field: 'urgency', op: 'at_least', value: 'low' })).toBe(true);
    expect(holds({ field: 'urgency', op: 'in', value: ['high'] })).toBe(false);
  });

  it('areas, locations, assets and services match any of the values, ignoring case', () => {
    expect(holds({ field: 'businessAreas', op: 'any_of', value: ['Production', 'finance'] })).toBe(true);
    expect(holds({ field: 'locations', op: 'any_of', value: ['Leipzig plant'] })).toBe(false);
    expect(holds({ field: 'assets', op: 'any_of', value: ['Press 4'] })).toBe(false);
    expect(holds({ field: 'services', op: 'any_of', value: ['EMAIL'] })).toBe(true);
  });

  it('custom fields: equals, in, exists, contains', () => {
    expect(holds({ field: 'custom', key: 'environment', op: 'equals', value: 'production' })).toBe(true);
    expect(holds({ field: 'custom', key: 'environment', op: 'equals', value: 'Production' })).toBe(false);
    expect(holds({ field: 'custom', key: 'users_affected', op: 'equals', value: 120 })).toBe(true);
    expect(holds({ field: 'custom', key: 'users_affected', op: 'equals', value: '120' })).toBe(false);
    expect(holds({ field: 'custom', key: 'major_incident', op: 'equals', value: true })).toBe(true);
    expect(holds({ field: 'custom', key: 'environment', op: 'in', value: ['staging', 'production'] })).toBe(true);
    expect(holds({ field: 'custom', key: 'environment', op: 'in', value: ['staging'] })).toBe(false);
    expect(holds({ field: 'custom', key: 'workaround', op: 'exists' })).toBe(true);
    expect(holds({ field: 'custom', key: 'vendor', op: 'exists' })).toBe(false);
    expect(holds({ field: 'custom', key: 'vendor', op: 'exists' }, subject({ custom: { vendor: '' } }))).toBe(false);
    expect(holds({ field: 'custom', key: 'breach_types', op: 'exists' }, subject({ custom: { breach_types: [] } }))).toBe(false);
    expect(holds({ field: 'custom', key: 'workaround', op: 'contains', value: 'WEBMAIL' })).toBe(true);
    expect(holds({ field: 'custom', key: 'breach_types', op: 'contains', value: 'integrity' })).toBe(true);
    expect(holds({ field: 'custom', key: 'breach_types', op: 'contains', value: 'availability' })).toBe(false);
    expect(holds({ field: 'custom', key: 'breach_types', op: 'equals', value: 'integrity' })).toBe(false);
    expect(holds({ field: 'custom', key: 'users_affected', op: 'contains', value: '12' })).toBe(false);
  });

  it('title contains, and matches as a glob over the whole title', () => {
    expect(holds({ field: 'title', op: 'contains', value: 'MAIL SERVER' })).toBe(true);
    expect(holds({ field: 'title', op: 'contains', value: 'printer' })).toBe(false);
    expect(holds({ field: 'title', op: 'matches', value: '*server down*' })).toBe(true);
    expect(holds({ field: 'title', op: 'matches', value: 'server down*' })).toBe(false);
    expect(holds({ field: 'title', op: 'matches', value: 'mail ?erver*hamburg' })).toBe(true);
  });

  it('the glob treats regular-expression characters literally and stays fast on hostile patterns', () => {
    expect(globMatches('a.c', 'abc')).toBe(false);
    expect(globMatches('a.c', 'a.c')).toBe(true);
    expect(globMatches('(x+)+$', '(x+)+$')).toBe(true);
    expect(globMatches('', '')).toBe(true);
    expect(globMatches('*', '')).toBe(true);
    expect(globMatches('?', '')).toBe(false);
    expect(globMatches('**a**b**', 'xxaxxbxx')).toBe(true);
    const started = performance.now();
    expect(globMatches('*a'.repeat(100) + 'b', 'a'.repeat(200))).toBe(false);
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('the glob agrees with an equivalent anchored regular expression on random inputs', () => {
    const alphabet = fc.constantFrom('a', 'b', 'X', '.', '*', '?');
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 8 }), fc.array(fc.constantFrom('a', 'b', 'x', '.'), { maxLength: 10 }), (p, t) => {
        const pattern = p.join('');
        const text = t.join('');
        const re = new RegExp('^' + p.map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.]/g, '\\.'))).join('') + '$', 'is');
        expect(globMatches(pattern, text)).toBe(re.test(text));
      }),
    );
  });

  it('a rule matches when enabled, of the type (or global) and all conditions hold; it reports each condition', () => {
    const conditions: RoutingCondition[] = [cond({ field: 'severity', op: 'at_least', value: 'high' }), cond({ field: 'locations', op: 'any_of', value: ['Leipzig plant'] })];
    const result = evaluateRule(rule({ conditions }), subject());
    expect(result.matched).toBe(false);
    expect(result.conditions).toEqual([
      { index: 0, condition: conditions[0], matched: true, actual: 'high' },
      { index: 1, condition: conditions[1], matched: false, actual: ['Hamburg head office'] },
    ]);
    expect(evaluateRule(rule({ conditions: [] }), subject()).matched).toBe(true);
    expect(evaluateRule(rule({ conditions: [], enabled: false }), subject()).matched).toBe(false);
    expect(evaluateRule(rule({ typeId: facilityType }), subject()).matched).toBe(false);
    expect(evaluateRule(rule({ typeId: itType }), subject()).matched).toBe(true);
  });
});

describe('routing effects', () => {
  const critical = cond({ field: 'severity', op: 'at_least', value: 'critical' });

  it('on creation replaces the default team, fills the assignee and raises the priority', () => {
    const r = rule({ conditions: [critical], effects: [{ kind: 'set_team', teamId: teamA }, { kind: 'set_assignee', userId: userA }, { kind: 'raise_priority', priority: 'P1' }] });
    const plan = planRouting([r], subject({ severity: 'critical' }), { mode: 'created' });
    expect(plan.matched.map((m) => m.effects.map((e) => [e.outcome, e.from, e.to]))).toEqual([
      [
        ['apply', defaultTeam, teamA],
        ['apply', null, userA],
        ['apply', 'P3', 'P1'],
      ],
    ]);
    expect(plan.result).toMatchObject({ teamId: teamA, assigneeId: userA, priority: 'P1' });
    expect(planRouting([r], subject({ severity: 'high' }), { mode: 'created' }).matched).toEqual([]);
  });

  it("never overrides a person's choice: a chosen team, an assignee; a hand-set priority only rises", () => {
    const r = rule({ effects: [{ kind: 'set_team', teamId: teamA }, { kind: 'set_assignee', userId: userA }, { kind: 'set_priority', priority: 'P5' }] });
    const plan = planRouting([r], subject({ teamId: teamB, assigneeId: userB, priority: 'P4', priorityOverridden: true }), { mode: 'created' });
    expect(plan.matched[0]!.effects.map((e) => e.outcome)).toEqual(['no_change', 'no_change', 'no_change']);
    expect(plan.result).toMatchObject({ teamId: teamB, assigneeId: userB, priority: 'P4' });
    const raise = rule({ effects: [{ kind: 'set_priority', priority: 'P1' }] });
    expect(planRouting([raise], subject({ priority: 'P4', priorityOverridden: true }), { mode: 'created' }).result).toMatchObject({ priority: 'P1', priorityOverridden: true });
  });

  it('on changes only fills an empty team and only raises the priority', () => {
    const r = rule({ effects: [{ kind: 'set_team', teamId: teamA }, { kind: 'set_priority', priority: 'P4' }] });
    const onDefault = planRouting([r], subject(), { mode: 'updated' });
    expect(onDefault.matched[0]!.effects.map((e) => e.outcome)).toEqual(['no_change', 'no_change']);
    const onEmpty = planRouting([r], subject({ teamId: null }), { mode: 'updated' });
    expect(onEmpty.result.teamId).toBe(teamA);
    expect(planRouting([r], subject(), { mode: 'created' }).result.priority).toBe('P4');
    const raise = rule({ effects: [{ kind: 'set_priority', priority: 'P2' }] });
    expect(planRouting([raise], subject(), { mode: 'updated' }).result.priority).toBe('P2');
  });

  it('raise never lowers; set lowers only on creation', () => {
    const raise = rule({ effects: [{ kind: 'raise_priority', priority: 'P4' }] });
    expect(planRouting([raise], subject({ priority: 'P2' }), { mode: 'created' }).matched[0]!.effects[0]!.outcome).toBe('no_change');
    const set = rule({ effects: [{ kind: 'set_priority', priority: 'P4' }] });
    expect(planRouting([set], subject({ priority: 'P2' }), { mode: 'created' }).result.priority).toBe('P4');
    expect(planRouting([set], subject({ priority: 'P2' }), { mode: 'updated' }).result.priority).toBe('P2');
  });

  it('the first rule to set a field wins; later rules see its changes; raise may still raise', () => {
    const first = rule({ effects: [{ kind: 'set_team', teamId: teamA }, { kind: 'set_priority', priority: 'P2' }] });
    const second = rule({ conditions: [cond({ field: 'priority', op: 'in', value: ['P2'] })], effects: [{ kind: 'set_team', teamId: teamB }, { kind: 'set_priority', priority: 'P5' }, { kind: 'raise_priority', priority: 'P1' }] });
    const plan = planRouting([second, first], subject(), { mode: 'created' });
    expect(plan.matched.map((m) => m.rule.id)).toEqual([first.id, second.id]);
    expect(plan.matched[1]!.effects.map((e) => e.outcome)).toEqual(['no_change', 'no_change', 'apply']);
    expect(plan.result).toMatchObject({ teamId: teamA, priority: 'P1' });
  });

  it('stops after a matching rule with stopProcessing; a rule applied before still stops but changes nothing', () => {
    const stop = rule({ effects: [{ kind: 'add_watchers', userIds: [userA] }], stopProcessing: true });
    const later = rule({ effects: [{ kind: 'set_team', teamId: teamA }] });
    const plan = planRouting([later, stop], subject(), { mode: 'created' });
    expect(plan.stoppedBy).toBe(stop.id);
    expect(plan.matched.map((m) => m.rule.id)).toEqual([stop.id]);
    const again = planRouting([later, stop], subject(), { mode: 'updated', appliedBefore: new Set([stop.id]) });
    expect(again.matched).toHaveLength(1);
    expect(again.matched[0]!.effects[0]).toMatchObject({ outcome: 'no_change', reason: 'this rule was applied to the incident before' });
  });
});

describe('routing properties', () => {
  const priority = fc.constantFrom(...priorities);
  const effect: fc.Arbitrary<RoutingEffect> = fc.oneof(
    fc.constantFrom(teamA, teamB).map((teamId) => ({ kind: 'set_team' as const, teamId })),
    fc.constantFrom(userA, userB).map((userId) => ({ kind: 'set_assignee' as const, userId })),
    priority.map((p) => ({ kind: 'set_priority' as const, priority: p })),
    priority.map((p) => ({ kind: 'raise_priority' as const, priority: p })),
  );
  const condition: fc.Arbitrary<RoutingCondition> = fc.oneof(
    priority.map((p) => cond({ field: 'priority', op: 'at_least', value: p })),
    fc.constantFrom('low', 'medium', 'high', 'critical').map((v) => cond({ field: 'severity', op: 'at_least', value: v })),
    fc.constantFrom('Sales', 'Production').map((v) => cond({ field: 'businessAreas', op: 'any_of', value: [v] })),
  );
  const rulesArb = fc
    .array(
      fc.record({ position: fc.integer({ min: 0, max: 5 }), conditions: fc.array(condition, { maxLength: 2 }), effects: fc.array(effect, { minLength: 1, maxLength: 3 }), stopProcessing: fc.boolean(), enabled: fc.boolean() }),
      { maxLength: 8 },
    )
    .map((rs) => rs.map((r, i) => ({ ...r, id: `r-${i}`, name: `R${i}`, typeId: null })));
  const subjectArb = fc.record({ priority, mode: fc.constantFrom('created' as const, 'updated' as const), teamId: fc.constantFrom(null, defaultTeam, teamB) });

  it('depends only on the rules and their order, not on the order they are listed in', () => {
    fc.assert(
      fc.property(rulesArb, subjectArb, fc.integer(), (rules, s, seed) => {
        const shuffled = [...rules].sort((a, b) => ((a.id.charCodeAt(2) * 31 + seed) % 7) - ((b.id.charCodeAt(2) * 31 + seed) % 7));
        const incident = subject({ priority: s.priority, teamId: s.teamId });
        const a = planRouting(rules, incident, { mode: s.mode });
        const b = planRouting(shuffled, incident, { mode: s.mode });
        expect(b).toEqual(a);
        expect(a.matched.map((m) => m.rule.id)).toEqual(orderRules(rules).filter((r) => a.matched.some((m) => m.rule.id === r.id)).map((r) => r.id));
      }),
    );
  });

  it('applies nothing after the first matching rule that stops processing', () => {
    fc.assert(
      fc.property(rulesArb, subjectArb, (rules, s) => {
        const plan = planRouting(rules, subject({ priority: s.priority, teamId: s.teamId }), { mode: s.mode });
        const firstStop = plan.matched.findIndex((m) => m.rule.stopProcessing);
        if (firstStop >= 0) {
          expect(plan.stoppedBy).toBe(plan.matched[firstStop]!.rule.id);
          expect(plan.matched).toHaveLength(firstStop + 1);
        } else expect(plan.stoppedBy).toBeNull();
      }),
    );
  });

  it('never lowers the priority on changes or a chosen priority, and never touches an assignee', () => {
    fc.assert(
      fc.property(rulesArb, subjectArb, fc.boolean(), (rules, s, overridden) => {
        const before = subject({ priority: s.priority, teamId: s.teamId, priorityOverridden: overridden, assigneeId: userB });
        const mode = overridden ? s.mode : 'updated';
        const plan = planRouting(rules, before, { mode });
        expect(isHigherPriority(before.priority, plan.result.priority)).toBe(false);
        if (plan.result.priority !== before.priority) expect(plan.result.priorityOverridden).toBe(true);
        expect(plan.result.assigneeId).toBe(userB);
        if (before.teamId !== null && (mode === 'updated' || before.teamId !== defaultTeam)) expect(plan.result.teamId).toBe(before.teamId);
      }),
    );
  });
});
