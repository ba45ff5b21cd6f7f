import { stateCategories, workflowSchema, type Workflow, type WorkflowTransition } from '@vigil/shared';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildWorkflow } from '../../../test/factories/types.js';
import { availableTransitions, findTransition, initialState, isSet, stateOf, unmetRequirements } from './workflow.machine.js';

const key = fc.stringMatching(/^[a-z][a-z0-9_]{0,10}$/);

/** A workflow from random valid states and transitions (transitions only name declared states). */
const workflowArb: fc.Arbitrary<Workflow> = fc
  .uniqueArray(key, { minLength: 1, maxLength: 8 })
  .chain((stateKeys) =>
    fc.record({
      states: fc.tuple(...stateKeys.map((k) => fc.constantFrom(...stateCategories).map((category) => ({ key: k, label: { en: k }, category })))),
      initial: fc.constantFrom(...stateKeys),
      transitions: fc.array(
        fc.record({
          from: fc.uniqueArray(fc.constantFrom(...stateKeys), { minLength: 1, maxLength: stateKeys.length }),
          to: fc.constantFrom(...stateKeys),
        }),
        { maxLength: 20 },
      ),
    }),
  )
  .map(({ states, initial, transitions }) => ({
    initial,
    states,
    transitions: transitions.map((t, i): WorkflowTransition => ({ key: `t${i}`, label: { en: `T${i}` }, from: t.from, to: t.to })),
  }));

describe('workflow machine', () => {
  const wf = buildWorkflow();

  it('starts in the initial state with its category', () => {
    expect(initialState(wf)).toEqual({ key: 'new', category: 'new' });
    expect(initialState({ ...wf, initial: 'waiting' })).toEqual({ key: 'waiting', category: 'waiting' });
  });

  it('looks up states and transitions by key', () => {
    expect(stateOf(wf, 'resolved')?.category).toBe('resolved');
    expect(stateOf(wf, 'nope')).toBeUndefined();
    expect(findTransition(wf, 'active', 'resolved')?.key).toBe('resolve');
    expect(findTransition(wf, 'resolved', 'active')?.key).toBe('reopen');
    expect(findTransition(wf, 'new', 'closed')).toBeUndefined();
    expect(findTransition(wf, 'closed', 'active')).toBeUndefined();
    expect(availableTransitions(wf, 'active').map((t) => t.key)).toEqual(['wait', 'resolve']);
    expect(availableTransitions(wf, 'closed')).toEqual([]);
  });

  it('accepts every workflow built from valid states and transitions, and findTransition agrees with the table', () => {
    fc.assert(
      fc.property(workflowArb, (w) => {
        expect(workflowSchema.safeParse(w).success).toBe(true);
        const keys = [...w.states.map((s) => s.key), 'not_a_state'];
        for (const from of keys) {
          for (const to of keys) {
            const allowed = w.transitions.filter((t) => t.from.includes(from) && t.to === to);
            expect(findTransition(w, from, to)).toBe(allowed[0]);
          }
          expect(availableTransitions(w, from)).toEqual(w.transitions.filter((t) => t.from.includes(from)));
        }
        expect(stateOf(w, initialState(w).key)?.category).toBe(initialState(w).category);
      }),
      { numRuns: 300 },
    );
  });

  it('rejects workflows whose transitions name undeclared states, with the path of each', () => {
    const bad = { ...wf, transitions: [...wf.transitions, { key: 'x', label: { en: 'X' }, from: ['active', 'ghost'], to: 'limbo' }] };
    const result = workflowSchema.safeParse(bad);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toEqual(['transitions.6.to', 'transitions.6.from.1']);
  });
});

describe('transition guards', () => {
  const transition: WorkflowTransition = {
    key: 'close',
    label: { en: 'Close' },
    from: ['resolved'],
    to: 'closed',
    requires: { fields: ['resolution', 'became_aware_at', 'custom.root_cause', 'custom.lessons'], roles: ['admin', 'manager'], comment: true },
  };
  const fields = [{ key: 'root_cause', label: { en: 'Root cause (occurrence)' }, kind: 'text' as const, required: false }];

  it('names everything that is missing, in a readable way', () => {
    const unmet = unmetRequirements(transition, { core: { resolution: '  ', became_aware_at: null }, custom: { lessons: [] }, comment: '' }, { role: 'agent' }, fields);
    expect(unmet).toEqual([
      { requirement: 'resolution', message: 'Resolution is required' },
      { requirement: 'became_aware_at', message: 'Became aware at is required' },
      { requirement: 'custom.root_cause', message: 'Root cause (occurrence) is required' },
      { requirement: 'custom.lessons', message: 'Lessons is required' },
      { requirement: 'role', message: 'Only admin or manager may close' },
      { requirement: 'comment', message: 'A comment is required' },
    ]);
  });

  it('holds when every field is set, the role fits and a comment is given', () => {
    const subject = { core: { resolution: 'Rebooted', became_aware_at: new Date() }, custom: { root_cause: 'disk full', lessons: ['monitor disk'] }, comment: 'done' };
    expect(unmetRequirements(transition, subject, { role: 'manager' })).toEqual([]);
    expect(unmetRequirements(transition, subject, { role: null }).map((u) => u.requirement)).toEqual(['role']);
  });

  it('treats false and 0 as set, and a transition without requirements always holds', () => {
    expect([isSet(false), isSet(0), isSet('x'), isSet(['a'])]).toEqual([true, true, true, true]);
    expect([isSet(null), isSet(undefined), isSet(''), isSet(' '), isSet([])]).toEqual([false, false, false, false, false]);
    expect(unmetRequirements({ key: 'go', label: { en: 'Go' }, from: ['a'], to: 'b' }, { core: {}, custom: {} }, { role: null })).toEqual([]);
  });
});
