import type { FieldDefinition } from '@vigil/shared';
import { describe, expect, it } from 'vitest';
import { categoryOptions, customValue, fieldOfIssue, formPlan, initialValues, issueTranslation, missingRequired, toIncidentBody, type ReportValues } from './report-values';

const field = (f: Partial<FieldDefinition> & Pick<FieldDefinition, 'key' | 'kind'>): FieldDefinition => ({ label: { en: f.key }, required: false, ...f });

const security = {
  key: 'security',
  requiredFields: ['detected_at' as const],
  fields: [
    field({ key: 'attack_vector', kind: 'enum', options: [{ value: 'phishing', label: { en: 'Phishing' } }] }),
    field({ key: 'systems', kind: 'multi_enum', options: [{ value: 'mail', label: { en: 'Mail' } }, { value: 'vpn', label: { en: 'VPN' } }] }),
    field({ key: 'users_affected', kind: 'number', min: 0 }),
    field({ key: 'major', kind: 'boolean' }),
    field({ key: 'seen_at', kind: 'datetime' }),
    field({ key: 'found_on', kind: 'date' }),
    field({ key: 'product', kind: 'string', required: true }),
  ],
};

describe('the report form model', () => {
  it('plans the core times a type requires (set to now) and splits its custom fields', () => {
    const plan = formPlan(security);
    expect(plan.times).toEqual(['occurredAt', 'detectedAt']);
    expect([...plan.required].sort()).toEqual(['custom.product', 'detectedAt', 'title']);
    expect(plan.requiredCustom.map((f) => f.key)).toEqual(['product']);
    expect(plan.optionalCustom).toHaveLength(6);
    const values = initialValues(security, 'Europe/Berlin', new Date('2026-03-01T09:30:00Z'));
    expect(values.times).toEqual({ detectedAt: '2026-03-01T10:30' });
    expect(values).toMatchObject({ severity: 'medium', impact: 'medium', urgency: 'medium' });
  });

  it('sends every kind as the API takes it, in the reporter’s time zone, leaving out what is not set', () => {
    const values: ReportValues = {
      ...initialValues(security, 'Europe/Berlin', new Date('2026-03-01T09:30:00Z')),
      title: '  Phishing mail  ',
      times: { occurredAt: '2026-03-01T08:00', detectedAt: '2026-03-01T10:30' },
      custom: { attack_vector: 'phishing', systems: ['mail', 'vpn'], users_affected: '12', major: true, seen_at: '2026-07-01T12:00', found_on: '2026-07-01', product: ' Mail ' },
    };
    expect(toIncidentBody(security, values, 'Europe/Berlin')).toEqual({
      type: 'security',
      title: 'Phishing mail',
      description: '',
      severity: 'medium',
      impact: 'medium',
      urgency: 'medium',
      source: 'form',
      occurredAt: '2026-03-01T07:00:00.000Z',
      detectedAt: '2026-03-01T09:30:00.000Z',
      custom: { attack_vector: 'phishing', systems: ['mail', 'vpn'], users_affected: 12, major: true, seen_at: '2026-07-01T10:00:00.000Z', found_on: '2026-07-01', product: 'Mail' },
    });
    const blank = toIncidentBody(security, { ...values, times: {}, custom: { users_affected: '', systems: [], product: '' } }, 'UTC');
    expect(blank.custom).toEqual({});
    expect(blank).not.toHaveProperty('occurredAt');
  });

  it('sends text that is not a number as typed, so the server’s message explains it', () => {
    expect(customValue(field({ key: 'n', kind: 'number' }), 'twelve', 'UTC')).toBe('twelve');
    expect(customValue(field({ key: 'n', kind: 'number' }), '-5', 'UTC')).toBe(-5);
    expect(customValue(field({ key: 'b', kind: 'boolean', required: true }), undefined, 'UTC')).toBe(false);
    expect(customValue(field({ key: 'b', kind: 'boolean' }), undefined, 'UTC')).toBeUndefined();
  });

  it('lists the required fields left empty, and files server issues under their field', () => {
    const plan = formPlan(security);
    const values = { ...initialValues(security, 'UTC'), times: {} };
    expect(missingRequired(plan, values).sort()).toEqual(['custom.product', 'detectedAt', 'title']);
    const known = ['title', 'locations', 'custom.product', 'contact.email'];
    expect(fieldOfIssue('body.custom.product', known)).toBe('custom.product');
    expect(fieldOfIssue('locations.0', known)).toBe('locations');
    expect(fieldOfIssue('contact.email', known)).toBe('contact.email');
    expect(fieldOfIssue('teamId', known)).toBeNull();
  });

  it('translates the server’s common messages and leaves others as they are', () => {
    expect(issueTranslation('Location is required')).toEqual({ key: 'issues.required' });
    expect(issueTranslation('is required for security incidents')).toEqual({ key: 'issues.required' });
    expect(issueTranslation('must be at least 0')).toEqual({ key: 'issues.min', values: { min: '0' } });
    expect(issueTranslation('must be at most 200 characters')).toEqual({ key: 'issues.maxLength', values: { max: '200' } });
    expect(issueTranslation('Too big: expected string to have <=200 characters')).toEqual({ key: 'issues.maxLength', values: { max: '200' } });
    expect(issueTranslation('"x" not allowed; choose from: a, b')).toEqual({ key: 'issues.option' });
    expect(issueTranslation('something new')).toBeNull();
  });

  it('offers categories as paths with their parents in the label', () => {
    const tree = [{ key: 'network', label: { en: 'Network', de: 'Netzwerk' }, children: [{ key: 'dns', label: { en: 'DNS' } }] }];
    expect(categoryOptions(tree, 'de')).toEqual([
      { value: 'network', label: 'Netzwerk', depth: 0 },
      { value: 'network/dns', label: 'Netzwerk › DNS', depth: 1 },
    ]);
  });
});
