import { incidentTypeInputSchema, type Category, type Workflow } from '@vigil/shared';
import { describe, expect, it } from 'vitest';
import { toJsonSchema } from './custom-fields.schema.js';
import { loadTypePacks, parseTypePack, shippedPacks } from './type.packs.js';
import { availableTransitions, initialState, stateOf } from './workflow.machine.js';

const packs = loadTypePacks();
const byKey = new Map(packs.map((p) => [p.type.key, p]));

/** States reachable from `from` by any transition. */
function reachable(w: Workflow, from: string): Set<string> {
  const seen = new Set([from]);
  const queue = [from];
  while (queue.length) {
    for (const t of availableTransitions(w, queue.shift()!)) {
      if (!seen.has(t.to)) {
        seen.add(t.to);
        queue.push(t.to);
      }
    }
  }
  return seen;
}

function depth(categories: Category[]): number {
  return categories.length === 0 ? 0 : 1 + Math.max(...categories.map((c) => depth(c.children ?? [])));
}

function labels(value: unknown): Array<{ en: string; de?: string }> {
  if (Array.isArray(value)) return value.flatMap(labels);
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    const own = typeof o.en === 'string' ? [o as { en: string; de?: string }] : [];
    return [...own, ...Object.values(o).flatMap(labels)];
  }
  return [];
}

describe('shipped type packs', () => {
  it('loads all five packs, each valid against the incident type schema', () => {
    expect(packs.map((p) => [p.pack, p.type.prefix, p.type.restricted, p.team.slug])).toEqual([
      ['it-outage', 'INC', false, 'it-operations'],
      ['security', 'SEC', true, 'security'],
      ['data-breach', 'DPB', true, 'data-protection'],
      ['quality-deviation', 'QD', false, 'quality'],
      ['facility-fault', 'FAC', false, 'facilities'],
    ]);
    for (const p of packs) {
      expect(incidentTypeInputSchema.safeParse(p.type).success, p.pack).toBe(true);
      expect(p.type.defaultTeamId).toBeNull();
    }
    expect(shippedPacks).toHaveLength(5);
  });

  it.each(shippedPacks)('%s: every state is reachable, can reach closed, and the workflow has resolve, close and reopen', (key) => {
    const w = byKey.get(key)!.type.workflow;
    const all = w.states.map((s) => s.key);
    expect([...reachable(w, w.initial)].sort()).toEqual([...all].sort());
    const closed = w.states.filter((s) => s.category === 'closed').map((s) => s.key);
    expect(closed.length).toBeGreaterThan(0);
    for (const s of all) expect([...reachable(w, s)].some((r) => closed.includes(r)), `${s} cannot reach closed`).toBe(true);
    expect(initialState(w).category).toBe('new');

    const resolvedStates = w.states.filter((s) => s.category === 'resolved').map((s) => s.key);
    expect(resolvedStates.length).toBeGreaterThan(0);
    const entering = w.transitions.filter((t) => resolvedStates.includes(t.to));
    expect(entering.length).toBeGreaterThan(0);
    for (const t of entering) expect(t.requires?.fields, `${t.key} must require a resolution`).toContain('resolution');

    const reopen = w.transitions.find((t) => t.key === 'reopen');
    expect(reopen?.from.every((f) => stateOf(w, f)?.category === 'resolved')).toBe(true);
    expect(stateOf(w, reopen!.to)?.category).toBe('active');
    expect(reopen?.requires?.comment).toBe(true);
  });

  it.each(shippedPacks)('%s: has English and German labels everywhere and a category tree two levels deep', (key) => {
    const pack = byKey.get(key)!;
    const all = labels(pack.type);
    expect(all.length).toBeGreaterThan(40);
    for (const l of all) expect(l.de, `missing German for "${l.en}"`).toBeTruthy();
    expect(depth(pack.type.categories)).toBe(2);
    expect(pack.type.categories.length).toBeGreaterThanOrEqual(5);
    const schema = toJsonSchema(pack.type.fields);
    expect(Object.keys(schema.properties as object)).toHaveLength(pack.type.fields.length);
  });

  it('records the GDPR Art. 33(3) content for a personal-data breach and guards its workflow', () => {
    const t = byKey.get('data-breach')!.type;
    const field = (k: string) => t.fields.find((f) => f.key === k);
    expect(t.requiredFields).toContain('became_aware_at');
    expect(field('breach_types')?.options?.map((o) => o.value)).toEqual(['confidentiality', 'integrity', 'availability']);
    expect(field('breach_types')?.kind).toBe('multi_enum');
    expect(field('data_subject_categories')?.kind).toBe('multi_enum');
    expect(field('data_subjects_count')).toMatchObject({ kind: 'number', integer: true, min: 0 });
    expect(field('records_count')).toMatchObject({ kind: 'number', integer: true, min: 0 });
    expect(field('record_categories')?.options?.map((o) => o.value)).toEqual(expect.arrayContaining(['health', 'genetic', 'biometric', 'criminal_records']));
    expect(field('risk_level')?.options?.map((o) => o.value)).toEqual(['no_risk', 'risk', 'high_risk']);
    for (const k of ['likely_consequences', 'measures_taken', 'dpo_contact', 'sa_notification_required', 'subject_communication_required', 'delay_reasons']) expect(field(k), k).toBeDefined();
    const leaveAssessment = t.workflow.transitions.filter((tr) => tr.from.includes('assessing') && tr.to !== 'closed');
    for (const tr of leaveAssessment) expect(tr.requires?.fields).toContain('custom.risk_level');
    const close = t.workflow.transitions.find((tr) => tr.key === 'close');
    expect(close?.requires?.fields).toContain('custom.measures_taken');
  });

  it('follows 8D in the quality pack: containment, root cause, corrective action, effectiveness', () => {
    const t = byKey.get('quality-deviation')!.type;
    expect(t.workflow.states.map((s) => s.key)).toEqual(['reported', 'containment', 'root_cause_analysis', 'corrective_action', 'waiting_for_supplier', 'verification', 'resolved', 'closed']);
    expect(t.fields.find((f) => f.key === 'disposition')?.options?.map((o) => o.value)).toEqual(expect.arrayContaining(['use_as_is', 'rework', 'scrap', 'return_to_supplier']));
    const resolve = t.workflow.transitions.find((tr) => tr.key === 'resolve');
    expect(resolve?.requires?.fields).toEqual(expect.arrayContaining(['custom.effectiveness_check', 'custom.effectiveness_verified_on']));
  });

  it('has a waiting state where work can stall on someone else', () => {
    expect(byKey.get('it-outage')!.type.workflow.states.find((s) => s.category === 'waiting')?.key).toBe('waiting_for_vendor');
    expect(byKey.get('facility-fault')!.type.workflow.states.find((s) => s.category === 'waiting')?.key).toBe('waiting_for_parts');
  });

  it('refuses a pack whose guard names a missing field, or that carries a team id', () => {
    const raw = JSON.parse(JSON.stringify(byKey.get('it-outage')!));
    raw.type.workflow.transitions[0].requires = { fields: ['custom.no_such_field'] };
    expect(() => parseTypePack('broken', raw)).toThrow(/type\.workflow\.transitions\.0\.requires\.fields\.0: "custom\.no_such_field" is not a field of this type/);
    const withTeam = { ...byKey.get('it-outage')!, type: { ...byKey.get('it-outage')!.type, defaultTeamId: '00000000-0000-4000-8000-000000000000' } };
    expect(() => parseTypePack('with-team', withTeam)).toThrow(/name its team by slug/);
    expect(() => parseTypePack('empty', {})).toThrow(/type pack "empty" is not valid/);
  });
});
