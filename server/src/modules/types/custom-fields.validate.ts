import { isoDateTimeSchema, type FieldDefinition, type IncidentType } from '@vigil/shared';
import type { DbOrTx } from '../../db/client.js';
import { AppError } from '../../platform/errors.js';
import { defaultMaxLength } from './custom-fields.schema.js';
import { looksLikeUuid, selectActiveUserIds, selectIncidentRefs } from './type.repo.js';
import { isSet } from './workflow.machine.js';

export type FieldIssue = { path: string; message: string };

/** The outcome of the checks that need no database: cleaned values, issues, and what still needs a lookup. */
export type CheckedFields = {
  values: Record<string, unknown>;
  issues: FieldIssue[];
  /** Keys of user fields whose uuid must name an active user. */
  userKeys: string[];
  /** Keys of reference fields whose id or number must name an incident. */
  referenceKeys: string[];
};

const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/;
const maxReferenceLength = 100;

/**
 * Checks custom values against the field definitions without touching the database. Blank values
 * (null, blank text, empty list) mean "not set": dropped on create, a clear (null) on patch.
 */
export function checkCustomFields(fields: FieldDefinition[], values: unknown, opts: { partial: boolean }): CheckedFields {
  const out: CheckedFields = { values: {}, issues: [], userKeys: [], referenceKeys: [] };
  if (values === null || typeof values !== 'object' || Array.isArray(values)) {
    out.issues.push({ path: 'custom', message: 'must be an object of field values' });
    return out;
  }
  const byKey = new Map(fields.map((f) => [f.key, f]));
  const given = values as Record<string, unknown>;
  for (const [key, value] of Object.entries(given)) {
    const path = `custom.${key}`;
    const field = byKey.get(key);
    if (!field) {
      out.issues.push({ path, message: 'is not a field of this incident type' });
      continue;
    }
    if (typeof value === 'string' && value.includes('\u0000')) {
      out.issues.push({ path, message: 'must not contain NUL characters' });
      continue;
    }
    if (!isSet(value)) {
      if (field.required) out.issues.push({ path, message: opts.partial ? `${field.label.en} is required and cannot be cleared` : `${field.label.en} is required` });
      else if (opts.partial) out.values[key] = null;
      continue;
    }
    const checked = checkValue(field, value);
    if (typeof checked === 'string') {
      out.issues.push({ path, message: checked });
      continue;
    }
    out.values[key] = checked.value;
    if (field.kind === 'user') out.userKeys.push(key);
    if (field.kind === 'reference') out.referenceKeys.push(key);
  }
  if (!opts.partial) {
    for (const f of fields) {
      if (f.required && !(f.key in given)) out.issues.push({ path: `custom.${f.key}`, message: `${f.label.en} is required` });
    }
  }
  return out;
}

/** One set value against its definition: the cleaned value, or a message. */
function checkValue(field: FieldDefinition, value: unknown): { value: unknown } | string {
  switch (field.kind) {
    case 'string':
    case 'text': {
      if (typeof value !== 'string') return 'must be a string';
      const max = field.maxLength ?? defaultMaxLength[field.kind];
      if (value.length > max) return `must be at most ${max} characters`;
      return { value };
    }
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return 'must be a number';
      if (field.integer && !Number.isInteger(value)) return 'must be a whole number';
      if (field.min !== undefined && value < field.min) return `must be at least ${field.min}`;
      if (field.max !== undefined && value > field.max) return `must be at most ${field.max}`;
      return { value };
    }
    case 'boolean':
      return typeof value === 'boolean' ? { value } : 'must be true or false';
    case 'date':
      return typeof value === 'string' && isCalendarDate(value) ? { value } : 'must be a date (YYYY-MM-DD)';
    case 'datetime': {
      if (typeof value !== 'string' || !isoDateTimeSchema.safeParse(value).success || !isCalendarDate(value.slice(0, 10))) {
        return 'must be an ISO 8601 date-time with an offset, e.g. 2026-03-01T09:30:00Z';
      }
      const at = new Date(value);
      return Number.isNaN(at.getTime()) ? 'must be a valid date-time' : { value: at.toISOString() };
    }
    case 'enum': {
      const allowed = (field.options ?? []).map((o) => o.value);
      return typeof value === 'string' && allowed.includes(value) ? { value } : `must be one of: ${allowed.join(', ')}`;
    }
    case 'multi_enum': {
      const allowed = (field.options ?? []).map((o) => o.value);
      if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) return 'must be a list of option values';
      const bad = value.filter((v) => !allowed.includes(v as string));
      if (bad.length > 0) return `${bad.map((b) => JSON.stringify(b)).join(', ')} not allowed; choose from: ${allowed.join(', ')}`;
      if (new Set(value).size !== value.length) return 'must not repeat a value';
      return { value: [...value] };
    }
    case 'user':
      return typeof value === 'string' && looksLikeUuid(value) ? { value: value.toLowerCase() } : 'must be the id of a user';
    case 'reference':
      return typeof value === 'string' && value.length <= maxReferenceLength ? { value: value.trim() } : 'must be the id or number of an incident';
  }
}

function isCalendarDate(value: string): boolean {
  const m = datePattern.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const at = new Date(Date.UTC(y, mo - 1, d));
  return at.getUTCFullYear() === y && at.getUTCMonth() === mo - 1 && at.getUTCDate() === d;
}

/**
 * Checks and cleans custom field values for an incident of this type. Unknown keys are rejected;
 * with `partial: false` required fields must be set; on a patch `null` clears a field. User fields
 * must name an active user; reference fields an existing incident (by id or number) and are stored as its id.
 */
export async function validateCustomFields(db: DbOrTx, type: IncidentType, values: Record<string, unknown>, opts: { partial: boolean }): Promise<Record<string, unknown>> {
  const checked = checkCustomFields(type.fields, values, opts);
  const issues = [...checked.issues];
  const cleaned = { ...checked.values };

  const userIds = checked.userKeys.map((k) => cleaned[k] as string);
  const activeUsers = await selectActiveUserIds(db, [...new Set(userIds)]);
  for (const key of checked.userKeys) {
    if (!activeUsers.has(cleaned[key] as string)) issues.push({ path: `custom.${key}`, message: 'is not an active user' });
  }

  const refs = checked.referenceKeys.map((k) => cleaned[k] as string);
  const found = await selectIncidentRefs(db, [...new Set(refs)]);
  for (const key of checked.referenceKeys) {
    const ref = cleaned[key] as string;
    const hit = found.find((i) => i.id === ref.toLowerCase() || i.number === ref);
    if (hit) cleaned[key] = hit.id;
    else issues.push({ path: `custom.${key}`, message: 'is not an existing incident' });
  }

  if (issues.length > 0) {
    throw new AppError('validation_failed', 'Custom fields are not valid: ' + issues.map((i) => `${i.path}: ${i.message}`).join('; '), issues);
  }
  return cleaned;
}
