import type { Category, FieldDefinition, Incident, IncidentType, Locale, LocalizedText } from '@vigil/shared';
import { fromWallTime, toWallTime } from '../../lib/zoned-time';

/**
 * The editable fields of an incident in one shape, core and custom alike, so the details panel, the
 * transition dialog and the conflict dialog edit and show them the same way. `key` is the API's name:
 * `severity`, `assigneeId`, `custom.site`.
 */

export type FieldEditorKind = FieldDefinition['kind'] | 'team' | 'list';

export type FieldSpec = {
  key: string;
  label: string;
  kind: FieldEditorKind;
  /** Cannot be cleared (core fields that always have a value, required custom fields, the type's required core fields). */
  required: boolean;
  options?: Array<{ value: string; label: string }>;
  min?: number;
  max?: number;
  integer?: boolean;
  maxLength?: number;
  help?: string;
  section?: string;
  /** Only managers and admins may change it (priority). */
  managersOnly?: boolean;
  /** Changed through its own dialog with a justification (the legal awareness time). */
  viaAwareness?: boolean;
  /** Long text: shown below its label and edited in a text area. */
  long?: boolean;
};

/** An editor's state: text for most kinds, a list for multi_enum. */
export type Draft = string | string[];

export const localized = (text: LocalizedText | undefined, locale: Locale): string => (text ? (text[locale] ?? text.en) : '');

/** The category tree flattened to `path` (keys joined by "/") and a label path ("Database › Availability"). */
export function categoryOptions(categories: readonly Category[], locale: Locale): Array<{ value: string; label: string }> {
  const out: Array<{ value: string; label: string }> = [];
  const walk = (nodes: readonly Category[], path: string[], labels: string[]) => {
    for (const c of nodes) {
      const p = [...path, c.key];
      const l = [...labels, localized(c.label, locale)];
      out.push({ value: p.join('/'), label: l.join(' › ') });
      if (c.children) walk(c.children, p, l);
    }
  };
  walk(categories, [], []);
  return out;
}

/** API field of each core field key a type may require or a guard may name. */
export const coreFieldParam: Record<string, string> = {
  assignee: 'assigneeId',
  team: 'teamId',
  category: 'category',
  description: 'description',
  resolution: 'resolution',
  occurred_at: 'occurredAt',
  detected_at: 'detectedAt',
  became_aware_at: 'becameAwareAt',
  due_at: 'dueAt',
  business_areas: 'businessAreas',
  services: 'services',
  assets: 'assets',
  locations: 'locations',
};

/** The field a guard requirement (`resolution`, `custom.root_cause`, `assignee`) or a validation path names. */
export function fieldKeyOf(requirementOrPath: string): string {
  const path = requirementOrPath.replace(/^(body\.)?(fields\.)?/, '');
  if (path.startsWith('custom.')) return path.split('.').slice(0, 2).join('.');
  return coreFieldParam[path] ?? path.split('.')[0]!;
}

type Labels = (key: string) => string;
const levels = ['high', 'medium', 'low'] as const;

/** The core fields in the order the details panel shows them; labels and option texts come from the page's translations. */
export function coreFieldSpecs(type: IncidentType, locale: Locale, label: Labels): FieldSpec[] {
  const required = new Set(type.requiredFields.map((k) => coreFieldParam[k]));
  const spec = (key: string, kind: FieldEditorKind, extra: Partial<FieldSpec> = {}): FieldSpec => ({ key, label: label(`fields.${key}`), kind, required: required.has(key), ...extra });
  const enumOf = (values: readonly string[], prefix: string) => values.map((v) => ({ value: v, label: label(`${prefix}.${v}`) }));
  return [
    spec('title', 'string', { required: true, maxLength: 200 }),
    spec('description', 'text', { long: true, maxLength: 50_000 }),
    spec('severity', 'enum', { required: true, options: enumOf(['critical', 'high', 'medium', 'low'], 'severity') }),
    spec('impact', 'enum', { required: true, options: enumOf(levels, 'level') }),
    spec('urgency', 'enum', { required: true, options: enumOf(levels, 'level') }),
    spec('priority', 'enum', { managersOnly: true, options: ['P1', 'P2', 'P3', 'P4', 'P5'].map((p) => ({ value: p, label: p })) }),
    spec('category', 'enum', { options: categoryOptions(type.categories, locale) }),
    spec('assigneeId', 'user'),
    spec('teamId', 'team'),
    spec('dueAt', 'datetime'),
    spec('occurredAt', 'datetime'),
    spec('detectedAt', 'datetime'),
    spec('becameAwareAt', 'datetime', { viaAwareness: true }),
    spec('confidentiality', 'enum', { required: true, options: enumOf(['internal', 'confidential', 'strictly_confidential'], 'confidentiality') }),
    spec('businessAreas', 'list'),
    spec('services', 'list'),
    spec('assets', 'list'),
    spec('locations', 'list'),
    spec('resolution', 'text', { long: true, maxLength: 50_000 }),
  ];
}

/** The custom fields of the type, with labels, help and options in the user's language. */
export function customFieldSpecs(type: IncidentType, locale: Locale): FieldSpec[] {
  return type.fields.map((f) => ({
    key: `custom.${f.key}`,
    label: localized(f.label, locale),
    kind: f.kind,
    required: f.required,
    ...(f.options ? { options: f.options.map((o) => ({ value: o.value, label: localized(o.label, locale) })) } : {}),
    ...(f.min !== undefined ? { min: f.min } : {}),
    ...(f.max !== undefined ? { max: f.max } : {}),
    ...(f.integer !== undefined ? { integer: f.integer } : {}),
    ...(f.maxLength !== undefined ? { maxLength: f.maxLength } : {}),
    ...(f.help ? { help: localized(f.help, locale) } : {}),
    ...(f.section ? { section: f.section } : {}),
    long: f.kind === 'text',
  }));
}

/** The current value of a field on the incident, as the API takes it back (ids for people and teams). */
export function valueOf(incident: Incident, key: string): unknown {
  if (key.startsWith('custom.')) return incident.custom[key.slice('custom.'.length)] ?? null;
  if (key === 'assigneeId') return incident.assignee?.id ?? null;
  if (key === 'teamId') return incident.team?.id ?? null;
  if (key === 'priority') return incident.priorityOverridden ? incident.priority : null;
  return (incident as unknown as Record<string, unknown>)[key] ?? null;
}

/** True when a value counts as "not set" (as the server's guards count it). */
export function isBlank(value: unknown): boolean {
  return value === null || value === undefined || (typeof value === 'string' && value.trim() === '') || (Array.isArray(value) && value.length === 0);
}

/** The editor's starting state for a value. */
export function toDraft(spec: FieldSpec, value: unknown, timeZone: string): Draft {
  if (value === null || value === undefined) return spec.kind === 'multi_enum' ? [] : '';
  switch (spec.kind) {
    case 'multi_enum':
      return Array.isArray(value) ? value.map(String) : [];
    case 'list':
      return Array.isArray(value) ? value.join('\n') : String(value);
    case 'datetime':
      return toWallTime(String(value), timeZone);
    case 'boolean':
      return value === true ? 'true' : value === false ? 'false' : '';
    default:
      return String(value);
  }
}

export type Parsed = { ok: true; value: unknown } | { ok: false; error: 'number' | 'integer' | 'datetime' };

/** The API value of an editor's state: null when empty (a clear), numbers and instants converted. */
export function fromDraft(spec: FieldSpec, draft: Draft, timeZone: string): Parsed {
  if (Array.isArray(draft)) return { ok: true, value: draft.length > 0 ? draft : null };
  const text = spec.kind === 'text' ? draft : draft.trim();
  if (text.trim() === '') return { ok: true, value: spec.kind === 'list' ? [] : null };
  switch (spec.kind) {
    case 'number': {
      const n = Number(text.replace(',', '.'));
      if (!Number.isFinite(n)) return { ok: false, error: 'number' };
      if (spec.integer && !Number.isInteger(n)) return { ok: false, error: 'integer' };
      return { ok: true, value: n };
    }
    case 'boolean':
      return { ok: true, value: text === 'true' };
    case 'datetime': {
      const iso = fromWallTime(text, timeZone);
      return iso ? { ok: true, value: iso } : { ok: false, error: 'datetime' };
    }
    case 'list':
      return { ok: true, value: [...new Set(text.split('\n').map((s) => s.trim()).filter(Boolean))] };
    default:
      return { ok: true, value: text };
  }
}

/** The PATCH (or transition `fields`) body that sets one field. */
export function patchOf(key: string, value: unknown): Record<string, unknown> {
  if (key.startsWith('custom.')) return { custom: { [key.slice('custom.'.length)]: value } };
  return { [key]: value };
}

/** Several fields in one body (custom values merged). */
export function mergePatches(patches: ReadonlyArray<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const p of patches) {
    for (const [k, v] of Object.entries(p)) {
      if (k === 'custom') out.custom = { ...(out.custom as Record<string, unknown> | undefined), ...(v as Record<string, unknown>) };
      else out[k] = v;
    }
  }
  return out;
}

/** Same value (lists in order, instants by time). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (isBlank(a) && isBlank(b)) return true;
  if (typeof a === 'string' && typeof b === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(a) && /^\d{4}-\d{2}-\d{2}T/.test(b)) return Date.parse(a) === Date.parse(b);
  return JSON.stringify(a) === JSON.stringify(b);
}
