import { describe, expect, it } from 'vitest';
import { diffValues } from './audit-diff';

describe('audit record changes as rows', () => {
  it('lists every value of a creation as added and of a deletion as removed', () => {
    expect(diffValues(null, { name: 'Ops', members: [] })).toEqual([
      { path: 'name', before: undefined, after: 'Ops', change: 'added' },
      { path: 'members', before: undefined, after: [], change: 'added' },
    ]);
    expect(diffValues({ slug: 'ops' }, null)).toEqual([{ path: 'slug', before: 'ops', after: undefined, change: 'removed' }]);
  });

  it('marks changed and unchanged leaves of nested objects', () => {
    const rows = diffValues({ role: 'agent', name: { en: 'A', de: 'B' } }, { role: 'manager', name: { en: 'A', de: 'C' } });
    expect(rows).toEqual([
      { path: 'role', before: 'agent', after: 'manager', change: 'changed' },
      { path: 'name.en', before: 'A', after: 'A', change: 'same' },
      { path: 'name.de', before: 'B', after: 'C', change: 'changed' },
    ]);
  });

  it('matches keyed list items by key, so one new item is one addition', () => {
    const before = { states: [{ key: 'new', label: 'New' }, { key: 'done', label: 'Done' }] };
    const after = { states: [{ key: 'new', label: 'New' }, { key: 'review', label: 'Review' }, { key: 'done', label: 'Finished' }] };
    const changes = diffValues(before, after).filter((r) => r.change !== 'same');
    expect(changes).toEqual([
      { path: 'states[done].label', before: 'Done', after: 'Finished', change: 'changed' },
      { path: 'states[review].key', before: undefined, after: 'review', change: 'added' },
      { path: 'states[review].label', before: undefined, after: 'Review', change: 'added' },
    ]);
  });

  it('shows items added to an empty list one by one', () => {
    expect(diffValues({ members: [] }, { members: [{ userId: 'u1', role: 'lead' }] })).toEqual([
      { path: 'members[u1].userId', before: undefined, after: 'u1', change: 'added' },
      { path: 'members[u1].role', before: undefined, after: 'lead', change: 'added' },
    ]);
  });

  it('compares lists of plain values as one value', () => {
    expect(diffValues({ from: ['a', 'b'] }, { from: ['a', 'c'] })).toEqual([{ path: 'from', before: ['a', 'b'], after: ['a', 'c'], change: 'changed' }]);
  });

  it('handles a value that changes shape and an event without values', () => {
    expect(diffValues({ x: 1 }, { x: { y: 2 } })).toEqual([{ path: 'x', before: 1, after: { y: 2 }, change: 'changed' }]);
    expect(diffValues(null, null)).toEqual([]);
  });
});
