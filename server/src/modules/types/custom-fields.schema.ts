import { limits, type FieldDefinition } from '@vigil/shared';

/** Default length limits of the two text kinds when a field names none. */
export const defaultMaxLength = { string: limits.customStringLength, text: limits.customTextLength } as const;

/** The custom fields as a JSON Schema (draft 2020-12 subset) for forms and API clients. */
export function toJsonSchema(fields: FieldDefinition[]): Record<string, unknown> {
  const properties: Record<string, Record<string, unknown>> = {};
  for (const f of fields) {
    const base: Record<string, unknown> = { title: f.label.en, 'x-kind': f.kind, 'x-label': f.label };
    if (f.help) base.description = f.help.en;
    if (f.section) base['x-section'] = f.section;
    properties[f.key] = { ...base, ...kindSchema(f) };
  }
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    type: 'object',
    additionalProperties: false,
    properties,
    required: fields.filter((f) => f.required).map((f) => f.key),
  };
}

function kindSchema(f: FieldDefinition): Record<string, unknown> {
  const bounds = { ...(f.min === undefined ? {} : { minimum: f.min }), ...(f.max === undefined ? {} : { maximum: f.max }) };
  const values = (f.options ?? []).map((o) => o.value);
  const optionLabels = Object.fromEntries((f.options ?? []).map((o) => [o.value, o.label]));
  switch (f.kind) {
    case 'string':
      return { type: 'string', maxLength: f.maxLength ?? defaultMaxLength.string };
    case 'text':
      return { type: 'string', maxLength: f.maxLength ?? defaultMaxLength.text };
    case 'number':
      return { type: f.integer ? 'integer' : 'number', ...bounds };
    case 'boolean':
      return { type: 'boolean' };
    case 'date':
      return { type: 'string', format: 'date' };
    case 'datetime':
      return { type: 'string', format: 'date-time' };
    case 'enum':
      return { type: 'string', enum: values, 'x-options': optionLabels };
    case 'multi_enum':
      return { type: 'array', items: { type: 'string', enum: values }, uniqueItems: true, 'x-options': optionLabels };
    case 'user':
      return { type: 'string', format: 'uuid' };
    case 'reference':
      return { type: 'string', description: f.help?.en ?? 'Incident id or number' };
  }
}
