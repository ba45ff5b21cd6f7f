import { fieldKinds, type FieldDefinition, type FieldKind } from '@vigil/shared';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildFieldDefinition } from '../../../test/factories/types.js';
import { toJsonSchema } from './custom-fields.schema.js';
import { checkCustomFields } from './custom-fields.validate.js';

const options = [
  { value: 'confidentiality', label: { en: 'Confidentiality' } },
  { value: 'integrity', label: { en: 'Integrity' } },
  { value: 'availability', label: { en: 'Availability' } },
];

/** One field of each kind, with the constraints a kind can carry. */
const fieldOfKind: Record<FieldKind, FieldDefinition> = {
  string: buildFieldDefinition({ key: 'f_string', kind: 'string', maxLength: 20 }),
  text: buildFieldDefinition({ key: 'f_text', kind: 'text' }),
  number: buildFieldDefinition({ key: 'f_number', kind: 'number', min: -5, max: 1000, integer: true }),
  boolean: buildFieldDefinition({ key: 'f_boolean', kind: 'boolean' }),
  date: buildFieldDefinition({ key: 'f_date', kind: 'date' }),
  datetime: buildFieldDefinition({ key: 'f_datetime', kind: 'datetime' }),
  enum: buildFieldDefinition({ key: 'f_enum', kind: 'enum', options }),
  multi_enum: buildFieldDefinition({ key: 'f_multi_enum', kind: 'multi_enum', options }),
  user: buildFieldDefinition({ key: 'f_user', kind: 'user' }),
  reference: buildFieldDefinition({ key: 'f_reference', kind: 'reference' }),
};
const allFields = Object.values(fieldOfKind);
const optionValues = options.map((o) => o.value);

/** What a stored value of each kind must look like, written independently of the validator. */
function conforms(kind: FieldKind, v: unknown): boolean {
  switch (kind) {
    case 'string':
      return typeof v === 'string' && v.length <= 20 && !v.includes('\u0000');
    case 'text':
      return typeof v === 'string' && v.length <= 10_000 && !v.includes('\u0000');
    case 'number':
      return typeof v === 'number' && Number.isInteger(v) && v >= -5 && v <= 1000;
    case 'boolean':
      return typeof v === 'boolean';
    case 'date':
      return typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v);
    case 'datetime':
      return typeof v === 'string' && new Date(v).toISOString() === v;
    case 'enum':
      return typeof v === 'string' && optionValues.includes(v);
    case 'multi_enum':
      return Array.isArray(v) && v.length > 0 && new Set(v).size === v.length && v.every((x) => optionValues.includes(x as string));
    case 'user':
      return typeof v === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(v);
    case 'reference':
      return typeof v === 'string' && v.length > 0 && v.length <= 100;
  }
}

const check = (values: unknown, partial = false) => checkCustomFields(allFields, values, { partial });
const issuesOf = (values: unknown, partial = false) => check(values, partial).issues;

describe('custom field values', () => {
  it('never accepts a value of the wrong kind (any JSON value, every kind)', () => {
    const candidate = fc.oneof(
      fc.jsonValue(),
      fc.string(),
      fc.constantFrom('2026-02-29', '2028-02-29', '2026-13-01', '2026-03-01T10:00:00Z', '2026-03-01T10:00:00', '2026-03-01T25:00:00+01:00', '', ' ', 'a\u0000b'),
      fc.constantFrom(...optionValues),
      fc.subarray([...optionValues, ...optionValues]),
      fc.uuid(),
      fc.double(),
    );
    fc.assert(
      fc.property(fc.constantFrom(...fieldKinds), candidate, (kind, value) => {
        const field = fieldOfKind[kind];
        const result = check({ [field.key]: value });
        if (result.issues.length === 0 && field.key in result.values) expect(conforms(kind, result.values[field.key]), `${kind} accepted ${JSON.stringify(value)}`).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('accepts well-formed values of every kind and normalises date-times to UTC', () => {
    fc.assert(
      fc.property(
        fc.record({
          f_string: fc.string({ maxLength: 20 }).filter((s) => s.trim() !== '' && !s.includes('\u0000')),
          f_number: fc.integer({ min: -5, max: 1000 }),
          f_boolean: fc.boolean(),
          f_date: fc.date({ min: new Date('1900-01-01'), max: new Date('2999-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
          f_datetime: fc.date({ min: new Date('1900-01-01'), max: new Date('2999-12-31'), noInvalidDate: true }),
          f_enum: fc.constantFrom(...optionValues),
          f_multi_enum: fc.subarray(optionValues, { minLength: 1 }),
          f_user: fc.uuid().map((u) => u.toLowerCase()),
        }),
        fc.integer({ min: -14, max: 14 }),
        (v, offsetHours) => {
          const shifted = new Date(v.f_datetime.getTime() + offsetHours * 3_600_000).toISOString().slice(0, 19);
          const sign = offsetHours < 0 ? '-' : '+';
          const withOffset = `${shifted}${sign}${String(Math.abs(offsetHours)).padStart(2, '0')}:00`;
          const result = check({ ...v, f_datetime: withOffset });
          expect(result.issues).toEqual([]);
          expect(result.values.f_datetime).toBe(new Date(Math.floor(v.f_datetime.getTime() / 1000) * 1000).toISOString());
          expect(result.values.f_multi_enum).toEqual(v.f_multi_enum);
        },
      ),
    );
  });

  it('explains each bad value with its path', () => {
    const issues = issuesOf({
      f_string: 'x'.repeat(21),
      f_number: 3.5,
      f_date: '2026-02-30',
      f_datetime: '2026-03-01T10:00:00',
      f_enum: 'secrecy',
      f_multi_enum: ['integrity', 'integrity'],
      f_user: 'someone',
      f_text: 'a\u0000b',
      nope: 1,
    });
    expect(issues).toEqual([
      { path: 'custom.f_string', message: 'must be at most 20 characters' },
      { path: 'custom.f_number', message: 'must be a whole number' },
      { path: 'custom.f_date', message: 'must be a date (YYYY-MM-DD)' },
      { path: 'custom.f_datetime', message: 'must be an ISO 8601 date-time with an offset, e.g. 2026-03-01T09:30:00Z' },
      { path: 'custom.f_enum', message: 'must be one of: confidentiality, integrity, availability' },
      { path: 'custom.f_multi_enum', message: 'must not repeat a value' },
      { path: 'custom.f_user', message: 'must be the id of a user' },
      { path: 'custom.f_text', message: 'must not contain NUL characters' },
      { path: 'custom.nope', message: 'is not a field of this incident type' },
    ]);
    expect(issuesOf({ f_number: 1001 })).toEqual([{ path: 'custom.f_number', message: 'must be at most 1000' }]);
    expect(issuesOf({ f_number: -6 })).toEqual([{ path: 'custom.f_number', message: 'must be at least -5' }]);
    expect(issuesOf({ f_multi_enum: ['integrity', 'secrecy'] })).toEqual([
      { path: 'custom.f_multi_enum', message: '"secrecy" not allowed; choose from: confidentiality, integrity, availability' },
    ]);
    expect(issuesOf([1, 2])).toEqual([{ path: 'custom', message: 'must be an object of field values' }]);
  });

  it('applies the default length limits: 500 for string, 10,000 for text', () => {
    const fields = [buildFieldDefinition({ key: 's', kind: 'string' }), buildFieldDefinition({ key: 't', kind: 'text' })];
    expect(checkCustomFields(fields, { s: 'x'.repeat(500), t: 'y'.repeat(10_000) }, { partial: false }).issues).toEqual([]);
    expect(checkCustomFields(fields, { s: 'x'.repeat(501), t: 'y'.repeat(10_001) }, { partial: false }).issues.map((i) => i.message)).toEqual([
      'must be at most 500 characters',
      'must be at most 10000 characters',
    ]);
  });

  it('enforces required fields on create, lets a patch clear optional ones with null and refuses to clear required ones', () => {
    const fields = [buildFieldDefinition({ key: 'product', label: { en: 'Product' }, required: true }), buildFieldDefinition({ key: 'lot', kind: 'string' })];
    expect(checkCustomFields(fields, {}, { partial: false }).issues).toEqual([{ path: 'custom.product', message: 'Product is required' }]);
    expect(checkCustomFields(fields, { product: '  ' }, { partial: false }).issues).toEqual([{ path: 'custom.product', message: 'Product is required' }]);
    expect(checkCustomFields(fields, { product: 'Valve', lot: null }, { partial: false })).toMatchObject({ issues: [], values: { product: 'Valve' } });
    expect(checkCustomFields(fields, {}, { partial: true })).toMatchObject({ issues: [], values: {} });
    expect(checkCustomFields(fields, { lot: null }, { partial: true })).toMatchObject({ issues: [], values: { lot: null } });
    expect(checkCustomFields(fields, { lot: '' }, { partial: true })).toMatchObject({ issues: [], values: { lot: null } });
    expect(checkCustomFields(fields, { product: null }, { partial: true }).issues).toEqual([{ path: 'custom.product', message: 'Product is required and cannot be cleared' }]);
  });
});

describe('JSON Schema of the fields', () => {
  it('publishes each kind with its constraints, label and kind', () => {
    const schema = toJsonSchema([{ ...fieldOfKind.string, required: true, help: { en: 'Short summary' }, section: 'main' }, ...allFields.slice(1)]);
    expect(schema).toMatchObject({ $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object', additionalProperties: false, required: ['f_string'] });
    const props = schema.properties as Record<string, Record<string, unknown>>;
    expect(props.f_string).toMatchObject({ type: 'string', maxLength: 20, title: 'f string', description: 'Short summary', 'x-kind': 'string', 'x-section': 'main' });
    expect(props.f_text).toMatchObject({ type: 'string', maxLength: 10_000, 'x-kind': 'text' });
    expect(props.f_number).toMatchObject({ type: 'integer', minimum: -5, maximum: 1000 });
    expect(props.f_boolean).toMatchObject({ type: 'boolean' });
    expect(props.f_date).toMatchObject({ type: 'string', format: 'date' });
    expect(props.f_datetime).toMatchObject({ type: 'string', format: 'date-time' });
    expect(props.f_enum).toMatchObject({ type: 'string', enum: optionValues });
    expect(props.f_multi_enum).toMatchObject({ type: 'array', items: { type: 'string', enum: optionValues }, uniqueItems: true });
    expect(props.f_user).toMatchObject({ type: 'string', format: 'uuid', 'x-kind': 'user' });
    expect(props.f_reference).toMatchObject({ type: 'string', 'x-kind': 'reference' });
    expect(Object.keys(props)).toEqual(allFields.map((f) => f.key));
  });

  it('is an empty object schema for a type without fields', () => {
    expect(toJsonSchema([])).toMatchObject({ type: 'object', properties: {}, required: [] });
  });
});
