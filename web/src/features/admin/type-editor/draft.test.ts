import { defaultPriorityMatrix, incidentTypeInputSchema, incidentTypeIssues, type FieldDefinition } from '@vigil/shared';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { changedKeys, cleanDraft, move, rebase, removeState, renameFieldInGuards, renameState, tabOfPath, toPatch, updateCategory, type Draft } from './draft';
import { validateDraft } from './validate';

function sample(): Draft {
  return {
    name: { en: 'IT outage', de: 'IT-Störung' },
    description: {},
    prefix: 'IT',
    restricted: false,
    defaultTeamId: null,
    fields: [
      { key: 'service', label: { en: 'Service' }, kind: 'string', required: true },
      { key: 'impact', label: { en: 'Impact', de: 'Auswirkung' }, kind: 'enum', required: false, options: [{ value: 'all', label: { en: 'Everyone' } }] },
    ],
    requiredFields: [],
    workflow: {
      initial: 'new',
      states: [
        { key: 'new', label: { en: 'New' }, category: 'new' },
        { key: 'working', label: { en: 'Working' }, category: 'active' },
        { key: 'done', label: { en: 'Done' }, category: 'resolved' },
      ],
      transitions: [
        { key: 'start', label: { en: 'Start' }, from: ['new'], to: 'working' },
        { key: 'finish', label: { en: 'Finish' }, from: ['new', 'working'], to: 'done', requires: { fields: ['custom.service', 'resolution'], comment: true } },
      ],
    },
    categories: [{ key: 'network', label: { en: 'Network' }, children: [{ key: 'wifi', label: { en: 'Wi-Fi' } }] }],
    priorityMatrix: structuredClone(defaultPriorityMatrix),
    active: true,
  };
}

/** What the server would say about a draft: the shared schema and the cross checks. */
function serverAccepts(d: Draft): boolean {
  const parsed = incidentTypeInputSchema.safeParse({ key: 'it-outage', ...cleanDraft(d) });
  return parsed.success && incidentTypeIssues(parsed.data).length === 0;
}

describe('the type draft', () => {
  it('sends only the parts that changed, cleaned, and none when a change was undone', () => {
    const base = sample();
    const next = structuredClone(base);
    next.priorityMatrix.high.low = 'P2';
    next.name = { de: 'IT-Störung', en: 'IT outage' };
    next.fields[0]!.help = { en: '', de: '' };
    expect(changedKeys(base, next)).toEqual(['priorityMatrix']);
    expect(toPatch(base, next)).toEqual({ priorityMatrix: { ...defaultPriorityMatrix, high: { ...defaultPriorityMatrix.high, low: 'P2' } } });
    next.priorityMatrix.high.low = 'P3';
    expect(toPatch(base, next)).toEqual({});
  });

  it('drops the settings another kind takes when a field changes kind', () => {
    const field: FieldDefinition = { key: 'x', label: { en: 'X', de: ' ' }, kind: 'number', required: false, options: [{ value: 'a', label: { en: 'A' } }], maxLength: 5, min: 1 };
    const d = sample();
    d.fields = [field];
    expect(cleanDraft(d).fields[0]).toEqual({ key: 'x', label: { en: 'X' }, kind: 'number', required: false, min: 1 });
  });

  it('lays its own changed parts over a newer version', () => {
    const base = sample();
    const mine = structuredClone(base);
    mine.prefix = 'ITO';
    const theirs = structuredClone(base);
    theirs.active = false;
    theirs.prefix = 'OUT';
    const merged = rebase(base, mine, theirs);
    expect(merged.prefix).toBe('ITO');
    expect(merged.active).toBe(false);
  });

  it('removes a state with the transitions into it and out of only it', () => {
    const { workflow, removedTransitions } = removeState(sample().workflow, 'new');
    expect(removedTransitions).toEqual(['start']);
    expect(workflow.transitions).toEqual([expect.objectContaining({ key: 'finish', from: ['working'] })]);
    expect(workflow.states.map((s) => s.key)).toEqual(['working', 'done']);
  });

  it('renames states and field references everywhere they are named', () => {
    const w = renameState(sample().workflow, 'new', 'open');
    expect(w.initial).toBe('open');
    expect(w.transitions.map((t) => t.from)).toEqual([['open'], ['open', 'working']]);
    expect(renameFieldInGuards(w, 'service', 'system').transitions[1]!.requires!.fields).toEqual(['custom.system', 'resolution']);
  });

  it('moves list items and nested categories', () => {
    expect(move(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c']);
    expect(move(['a', 'b', 'c'], 0, -1)).toEqual(['a', 'b', 'c']);
    const cats = updateCategory(sample().categories, [0, 0], (c) => ({ ...c, label: { en: 'WLAN' } }));
    expect(cats[0]!.children![0]!.label.en).toBe('WLAN');
  });

  it('maps issue paths to editor tabs', () => {
    expect(tabOfPath('fields.2.options.0.value')).toBe('fields');
    expect(tabOfPath('workflow.transitions.0.to')).toBe('workflow');
    expect(tabOfPath('priorityMatrix.high.low')).toBe('matrix');
    expect(tabOfPath('prefix')).toBe('general');
  });
});

describe('validation of the draft agrees with the server', () => {
  it('finds nothing in a valid draft, and names the path of each problem', () => {
    expect(validateDraft(sample())).toEqual({});
    const d = sample();
    d.prefix = 'it';
    d.fields[1]!.options = [];
    d.fields.push({ key: 'service', label: { en: '' }, kind: 'string', required: false });
    d.workflow.transitions[0]!.to = 'gone';
    d.workflow.transitions[1]!.requires = { fields: ['custom.nothing'] };
    d.categories[0]!.children!.push({ key: 'wifi', label: { en: 'Again' } });
    expect(validateDraft(d)).toEqual({
      prefix: { key: 'prefix' },
      'fields.1.options': { key: 'needsOptions' },
      'fields.2.key': { key: 'duplicate' },
      'fields.2.label.en': { key: 'required' },
      'workflow.transitions.0.to': { key: 'notAState' },
      'workflow.transitions.1.requires.fields.0': { key: 'notAField' },
      'categories.0.children.1.key': { key: 'duplicate' },
    });
    expect(serverAccepts(d)).toBe(false);
  });

  it('accepts exactly what the shared schema accepts, for random keys, labels and prefixes', () => {
    const word = fc.stringMatching(/^[A-Za-z0-9_ -]{0,8}$/);
    fc.assert(
      fc.property(word, word, word, word, fc.stringMatching(/^[A-Za-z]{0,7}$/), (fieldKey, label, stateKey, optionValue, prefix) => {
        const d = sample();
        d.fields[0]!.key = fieldKey;
        d.fields[0]!.label = { en: label };
        d.workflow.states[2]!.key = stateKey;
        d.workflow.transitions[1]!.to = stateKey;
        d.fields[1]!.options![0]!.value = optionValue;
        d.workflow.transitions[1]!.requires = { fields: [`custom.${fieldKey}`] };
        d.prefix = prefix;
        const clientOk = Object.keys(validateDraft(d)).length === 0;
        expect(clientOk).toBe(serverAccepts(d));
      }),
      { numRuns: 300 },
    );
  });
});
