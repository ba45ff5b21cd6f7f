import { describe, expect, it } from 'vitest';
import { conditionFields, newCondition, newEffect, splitList } from './rule-draft';

describe('routing rule drafts', () => {
  it('starts each condition with the shape the API expects', () => {
    expect(newCondition('priority')).toEqual({ field: 'priority', op: 'in', value: [] });
    expect(newCondition('priority', 'at_least')).toEqual({ field: 'priority', op: 'at_least', value: 'P1' });
    expect(newCondition('custom', 'exists')).toEqual({ field: 'custom', key: '', op: 'exists' });
    expect(newCondition('title')).toEqual({ field: 'title', op: 'contains', value: '' });
    expect(newCondition('services')).toEqual({ field: 'services', op: 'any_of', value: [] });
    expect(conditionFields).toContain('source');
  });

  it('splits typed lists and starts effects empty', () => {
    expect(splitList(' db, , api ,x')).toEqual(['db', 'api', 'x']);
    expect(newEffect('notify')).toEqual({ kind: 'notify', userIds: [], teamIds: [], urgency: 'high' });
  });
});
