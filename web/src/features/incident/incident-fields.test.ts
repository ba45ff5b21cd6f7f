import type { IncidentType } from '@vigil/shared';
import { describe, expect, it } from 'vitest';
import { categoryOptions, coreFieldSpecs, customFieldSpecs, fieldKeyOf, fromDraft, mergePatches, patchOf, sameValue, toDraft, type FieldSpec } from './incident-fields';

const spec = (kind: FieldSpec['kind'], extra: Partial<FieldSpec> = {}): FieldSpec => ({ key: `custom.${kind}`, label: kind, kind, required: false, ...extra });

const type = {
  key: 'facility-fault',
  requiredFields: ['detected_at'],
  categories: [{ key: 'hvac', label: { en: 'HVAC', de: 'Klima' }, children: [{ key: 'cooling', label: { en: 'Cooling', de: 'Kühlung' } }] }],
  fields: [
    { key: 'site', label: { en: 'Site', de: 'Standort' }, kind: 'string', required: true, section: 'location' },
    { key: 'kind', label: { en: 'Kind', de: 'Art' }, kind: 'enum', required: false, options: [{ value: 'a', label: { en: 'A', de: 'Ä' } }] },
  ],
} as unknown as IncidentType;

describe('incident fields', () => {
  it('describes core and custom fields in the user language, with the type requirements', () => {
    const core = coreFieldSpecs(type, 'de', (k) => `[${k}]`);
    expect(core.find((s) => s.key === 'detectedAt')).toMatchObject({ label: '[fields.detectedAt]', kind: 'datetime', required: true });
    expect(core.find((s) => s.key === 'priority')).toMatchObject({ managersOnly: true });
    expect(core.find((s) => s.key === 'becameAwareAt')).toMatchObject({ viaAwareness: true });
    expect(core.find((s) => s.key === 'category')?.options).toEqual([
      { value: 'hvac', label: 'Klima' },
      { value: 'hvac/cooling', label: 'Klima › Kühlung' },
    ]);
    expect(customFieldSpecs(type, 'de')).toEqual([
      expect.objectContaining({ key: 'custom.site', label: 'Standort', required: true, section: 'location' }),
      expect.objectContaining({ key: 'custom.kind', options: [{ value: 'a', label: 'Ä' }] }),
    ]);
    expect(categoryOptions([], 'en')).toEqual([]);
  });

  it('names the field a guard or a validation path means', () => {
    expect(fieldKeyOf('resolution')).toBe('resolution');
    expect(fieldKeyOf('assignee')).toBe('assigneeId');
    expect(fieldKeyOf('became_aware_at')).toBe('becameAwareAt');
    expect(fieldKeyOf('custom.root_cause')).toBe('custom.root_cause');
    expect(fieldKeyOf('body.fields.custom.vendor')).toBe('custom.vendor');
    expect(fieldKeyOf('body.fields.assigneeId')).toBe('assigneeId');
    expect(fieldKeyOf('body.resolution')).toBe('resolution');
    expect(fieldKeyOf('watchers.2')).toBe('watchers');
  });

  it('turns values into editor text and back, per kind', () => {
    const tz = 'Europe/Berlin';
    expect(fromDraft(spec('number'), toDraft(spec('number'), 42.5, tz), tz)).toEqual({ ok: true, value: 42.5 });
    expect(fromDraft(spec('number'), '3,5', tz)).toEqual({ ok: true, value: 3.5 });
    expect(fromDraft(spec('number'), 'abc', tz)).toEqual({ ok: false, error: 'number' });
    expect(fromDraft(spec('number', { integer: true }), '2.5', tz)).toEqual({ ok: false, error: 'integer' });
    expect(toDraft(spec('boolean'), false, tz)).toBe('false');
    expect(fromDraft(spec('boolean'), 'true', tz)).toEqual({ ok: true, value: true });
    expect(fromDraft(spec('boolean'), '', tz)).toEqual({ ok: true, value: null });
    expect(toDraft(spec('datetime'), '2026-11-29T15:05:00.000Z', tz)).toBe('2026-11-29T16:05');
    expect(fromDraft(spec('datetime'), '2026-11-29T16:05', tz)).toEqual({ ok: true, value: '2026-11-29T15:05:00.000Z' });
    expect(fromDraft(spec('date'), '2026-02-03', tz)).toEqual({ ok: true, value: '2026-02-03' });
    expect(toDraft(spec('multi_enum'), ['a', 'b'], tz)).toEqual(['a', 'b']);
    expect(fromDraft(spec('multi_enum'), [], tz)).toEqual({ ok: true, value: null });
    expect(toDraft(spec('list'), ['Hamburg', 'Leipzig'], tz)).toBe('Hamburg\nLeipzig');
    expect(fromDraft(spec('list'), 'Hamburg\n\n Leipzig \nHamburg', tz)).toEqual({ ok: true, value: ['Hamburg', 'Leipzig'] });
    expect(fromDraft(spec('list'), '  ', tz)).toEqual({ ok: true, value: [] });
    expect(fromDraft(spec('string'), '  x  ', tz)).toEqual({ ok: true, value: 'x' });
    expect(fromDraft(spec('text'), 'line 1\n  line 2', tz)).toEqual({ ok: true, value: 'line 1\n  line 2' });
    expect(fromDraft(spec('enum'), '', tz)).toEqual({ ok: true, value: null });
  });

  it('builds change bodies, custom values merged under custom', () => {
    expect(patchOf('severity', 'high')).toEqual({ severity: 'high' });
    expect(patchOf('custom.site', 'HH')).toEqual({ custom: { site: 'HH' } });
    expect(mergePatches([patchOf('resolution', 'Fixed'), patchOf('custom.a', 1), patchOf('custom.b', null)])).toEqual({ resolution: 'Fixed', custom: { a: 1, b: null } });
  });

  it('compares values as the server does: blanks alike, instants by time', () => {
    expect(sameValue(null, '')).toBe(true);
    expect(sameValue([], null)).toBe(true);
    expect(sameValue('2026-11-29T15:05:00Z', '2026-11-29T15:05:00.000Z')).toBe(true);
    expect(sameValue(['a', 'b'], ['b', 'a'])).toBe(false);
    expect(sameValue(1, 2)).toBe(false);
  });
});
