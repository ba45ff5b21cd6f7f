import type { CoreFieldKey, FieldDefinition, IncidentType, Level, LocalizedText, Severity } from '@vigil/shared';
import { fromLocalInput, toLocalInput } from './local-time';

/** What a form holds while someone types: text as typed, converted to the API's values only when sent. */

export type CustomRaw = string | boolean | string[];

export const timeKeys = ['occurredAt', 'detectedAt', 'becameAwareAt', 'dueAt'] as const;
export type TimeKey = (typeof timeKeys)[number];
export const listKeys = ['businessAreas', 'services', 'assets', 'locations'] as const;
export type ListKey = (typeof listKeys)[number];

export type ReportValues = {
  title: string;
  description: string;
  category: string;
  severity: Severity;
  impact: Level;
  urgency: Level;
  /** datetime-local text in the reporter's time zone. */
  times: Partial<Record<TimeKey, string>>;
  /** Comma-separated labels. */
  lists: Partial<Record<ListKey, string>>;
  custom: Record<string, CustomRaw>;
};

const timeOfCore: Partial<Record<CoreFieldKey, TimeKey>> = { occurred_at: 'occurredAt', detected_at: 'detectedAt', became_aware_at: 'becameAwareAt', due_at: 'dueAt' };
const listOfCore: Partial<Record<CoreFieldKey, ListKey>> = { business_areas: 'businessAreas', services: 'services', assets: 'assets', locations: 'locations' };

/** The parts of a type's form: which core fields show, and its custom fields split into required and further details. */
export type FormPlan = {
  times: TimeKey[];
  lists: ListKey[];
  /** Form paths that must be filled: `title`, `detectedAt`, `custom.location`, ... */
  required: Set<string>;
  requiredCustom: FieldDefinition[];
  optionalCustom: FieldDefinition[];
};

/** The form of a type: the core fields it requires, when it happened (always offered), and its custom fields. */
export function formPlan(type: Pick<IncidentType, 'requiredFields' | 'fields'>): FormPlan {
  const required = new Set<string>(['title']);
  const times: TimeKey[] = ['occurredAt'];
  const lists: ListKey[] = [];
  for (const key of type.requiredFields) {
    const time = timeOfCore[key];
    const list = listOfCore[key];
    if (time) {
      required.add(time);
      if (!times.includes(time)) times.push(time);
    } else if (list) {
      required.add(list);
      lists.push(list);
    } else if (key === 'description' || key === 'category') required.add(key);
  }
  for (const f of type.fields) if (f.required) required.add(`custom.${f.key}`);
  return { times, lists, required, requiredCustom: type.fields.filter((f) => f.required), optionalCustom: type.fields.filter((f) => !f.required) };
}

/** A new form: medium severity, impact and urgency; the times the type requires set to now (when the report is made). */
export function initialValues(type: Pick<IncidentType, 'requiredFields' | 'fields'>, timeZone: string, now: Date = new Date()): ReportValues {
  const plan = formPlan(type);
  const times: ReportValues['times'] = {};
  for (const key of plan.times) if (key !== 'occurredAt' && key !== 'dueAt' && plan.required.has(key)) times[key] = toLocalInput(now, timeZone);
  return { title: '', description: '', category: '', severity: 'medium', impact: 'medium', urgency: 'medium', times, lists: {}, custom: {} };
}

const blank = (v: CustomRaw | undefined) => v === undefined || (typeof v === 'string' && v.trim() === '') || (Array.isArray(v) && v.length === 0);

/** A custom value as the API takes it; undefined when not set. Text that is not a number or time is sent as typed, so the server says what is wrong. */
export function customValue(field: FieldDefinition, raw: CustomRaw | undefined, timeZone: string): unknown {
  if (field.kind === 'boolean') return typeof raw === 'boolean' ? raw : field.required ? false : undefined;
  if (blank(raw)) return undefined;
  if (field.kind === 'multi_enum') return Array.isArray(raw) ? raw : [raw];
  if (typeof raw !== 'string') return raw;
  switch (field.kind) {
    case 'number': {
      const n = Number(raw.trim());
      return Number.isFinite(n) ? n : raw;
    }
    case 'datetime':
      return fromLocalInput(raw, timeZone) ?? raw;
    case 'string':
    case 'reference':
    case 'user':
      return raw.trim();
    default:
      return raw;
  }
}

const splitList = (text: string | undefined) => [...new Set((text ?? '').split(/[,;\n]/).map((s) => s.trim()).filter(Boolean))];

/** The body of POST /incidents for what the form holds. */
export function toIncidentBody(type: Pick<IncidentType, 'key' | 'fields' | 'requiredFields'>, values: ReportValues, timeZone: string): Record<string, unknown> {
  const plan = formPlan(type);
  const body: Record<string, unknown> = {
    type: type.key,
    title: values.title.trim(),
    description: values.description,
    severity: values.severity,
    impact: values.impact,
    urgency: values.urgency,
    source: 'form',
  };
  if (values.category) body.category = values.category;
  for (const key of plan.times) {
    const text = values.times[key]?.trim();
    if (text) body[key] = fromLocalInput(text, timeZone) ?? text;
  }
  for (const key of plan.lists) {
    const items = splitList(values.lists[key]);
    if (items.length > 0) body[key] = items;
  }
  const custom: Record<string, unknown> = {};
  for (const field of type.fields) {
    const value = customValue(field, values.custom[field.key], timeZone);
    if (value !== undefined) custom[field.key] = value;
  }
  body.custom = custom;
  return body;
}

/** Required fields left empty, by form path; the server checks everything else and its messages are shown as they come. */
export function missingRequired(plan: FormPlan, values: ReportValues): string[] {
  const missing: string[] = [];
  for (const path of plan.required) {
    if (path === 'title' || path === 'description' || path === 'category') {
      if (values[path].trim() === '') missing.push(path);
    } else if ((timeKeys as readonly string[]).includes(path)) {
      if (!values.times[path as TimeKey]?.trim()) missing.push(path);
    } else if ((listKeys as readonly string[]).includes(path)) {
      if (splitList(values.lists[path as ListKey]).length === 0) missing.push(path);
    } else if (path.startsWith('custom.')) {
      const key = path.slice('custom.'.length);
      const field = plan.requiredCustom.find((f) => f.key === key);
      if (field && field.kind !== 'boolean' && blank(values.custom[key])) missing.push(path);
    }
  }
  return missing;
}

/**
 * The form field a server issue belongs to: the longest known path that is the issue's path or a
 * prefix of it (`locations.0` belongs to `locations`); null for issues no field shows.
 */
export function fieldOfIssue(path: string, known: readonly string[]): string | null {
  const clean = path.replace(/^(body|querystring|params)\./, '');
  let best: string | null = null;
  for (const k of known) if ((clean === k || clean.startsWith(`${k}.`)) && (!best || k.length > best.length)) best = k;
  return best;
}

/** A server message as a translation key with values, for the messages the API sends most; null: show the server's text. */
export function issueTranslation(message: string): { key: string; values?: Record<string, string> } | null {
  const m = message.trim();
  let hit: RegExpExecArray | null;
  if (/(^|\s)is required( for \S+ incidents)?( and cannot be cleared)?$/.test(m) || m === 'must not be empty' || /^Too small: expected string to have >=1 characters?$/.test(m)) return { key: 'issues.required' };
  if ((hit = /^must be at most (\d+) characters$/.exec(m)) || (hit = /expected string to have <=(\d+) characters?$/.exec(m))) return { key: 'issues.maxLength', values: { max: hit[1]! } };
  if ((hit = /^must be at least (-?\d+(?:\.\d+)?)$/.exec(m))) return { key: 'issues.min', values: { min: hit[1]! } };
  if ((hit = /^must be at most (-?\d+(?:\.\d+)?)$/.exec(m))) return { key: 'issues.max', values: { max: hit[1]! } };
  if (m === 'must be a whole number') return { key: 'issues.integer' };
  if (m === 'must be a number') return { key: 'issues.number' };
  if (m === 'must be true or false') return { key: 'issues.boolean' };
  if (/^must be a date \(YYYY-MM-DD\)$/.test(m)) return { key: 'issues.date' };
  if (/^must be an ISO 8601 date-time|^Invalid ISO datetime|^must be a valid date-time$/.test(m)) return { key: 'issues.dateTime' };
  if (/must fall between the years 1900 and 9999/.test(m)) return { key: 'issues.year' };
  if (/^must be one of:|not allowed; choose from:|^must be a list of option values$|^must not repeat a value$/.test(m)) return { key: 'issues.option' };
  if (m === 'is not an active user' || m === 'must be the id of a user') return { key: 'issues.user' };
  if (m === 'is not an existing incident' || m === 'must be the id or number of an incident') return { key: 'issues.reference' };
  if (/^is not a category of /.test(m)) return { key: 'issues.category' };
  if (/^Invalid email/i.test(m)) return { key: 'issues.email' };
  if (m === 'must not contain NUL characters') return { key: 'issues.characters' };
  return null;
}

/** A localised text in the given language, English when that language has none. */
export function localized(text: LocalizedText | Partial<LocalizedText> | undefined, language: string): string {
  if (!text) return '';
  return (language === 'de' ? text.de : undefined) || text.en || '';
}

/** The category tree as select options: `network/dns` labelled "Network › DNS". */
export function categoryOptions(nodes: ReadonlyArray<{ key: string; label: LocalizedText; children?: unknown }>, language: string, parent?: { path: string; label: string }): Array<{ value: string; label: string; depth: number }> {
  return nodes.flatMap((node) => {
    const path = parent ? `${parent.path}/${node.key}` : node.key;
    const label = parent ? `${parent.label} › ${localized(node.label, language)}` : localized(node.label, language);
    const children = Array.isArray(node.children) ? (node.children as typeof nodes) : [];
    return [{ value: path, label, depth: parent ? path.split('/').length - 1 : 0 }, ...categoryOptions(children, language, { path, label })];
  });
}
