import type { CoreFieldKey, IncidentFieldsInput, IncidentType, TimelineEventType } from '@vigil/shared';
import type { DbOrTx, Tx } from '../../db/client.js';
import type { IncidentRow, IncidentUpdate } from '../../db/schema.js';
import type { Actor } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { appendTimeline } from '../timeline/index.js';
import { canonicalJson } from '../audit/index.js';
import { computePriority, isValidCategory, validateCustomFields } from '../types/index.js';
import { assertMaySetPriority, workerRoles } from './incident.policy.js';
import { isIncidentVisible, selectPeople, selectUserNames, teamExists, type Person } from './incident.repo.js';

export type FieldIssue = { path: string; message: string };

/** One changed field, as the timeline and the audit record tell it. */
export type FieldChange = { field: string; from: unknown; to: unknown; event: TimelineEventType };

/** Columns to write, the changes to record, the new assignee (to check they can see it) and the custom values after the change. */
export type PlannedChanges = { set: IncidentUpdate; changes: FieldChange[]; newAssignee: Person | null; custom: Record<string, unknown> };

/** API field name of each core field a type may require. */
export const coreFieldParam: Record<CoreFieldKey, string> = {
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

const simpleColumns = {
  title: 'title',
  description: 'description',
  severity: 'severity',
  impact: 'impact',
  urgency: 'urgency',
  confidentiality: 'confidentiality',
  resolution: 'resolution',
} as const;
const listColumns = { businessAreas: 'business_areas', services: 'services', assets: 'assets', locations: 'locations' } as const;
const dateColumns = { dueAt: 'due_at', occurredAt: 'occurred_at', detectedAt: 'detected_at', becameAwareAt: 'became_aware_at' } as const;

/** A list as stored: trimmed by the schema, without repeats, in the order given. */
export const distinct = (values: readonly string[]) => [...new Set(values)];
const toDate = (v: string | null) => (v === null ? null : new Date(v));
const isoOrNull = (d: Date | null) => (d ? d.toISOString() : null);
const same = (a: unknown, b: unknown) => canonicalJson(a) === canonicalJson(b);

export function validationError(issues: FieldIssue[]): AppError {
  return new AppError('validation_failed', 'The request is not valid: ' + issues.map((i) => `${i.path}: ${i.message}`).join('; '), issues);
}

/** Checks that an assignee can work this incident: an active agent, manager or admin. */
export async function loadAssignee(tx: DbOrTx, userId: string, issues: FieldIssue[]): Promise<Person | null> {
  const person = (await selectPeople(tx, [userId])).get(userId);
  if (!person || !person.active) issues.push({ path: 'assigneeId', message: 'is not an active user' });
  else if (!workerRoles.includes(person.role)) issues.push({ path: 'assigneeId', message: 'must be an agent, manager or admin' });
  else return person;
  return null;
}

export function actorOf(person: Person): Actor {
  return { kind: 'user', userId: person.id, role: person.role, teamIds: person.teamIds, scope: 'write', ip: null, requestId: null };
}

/** After the row is written: the people it names must be able to see it (a restricted type may hide it from them). */
export async function assertVisibleToAll(tx: Tx, incidentId: string, people: Array<{ person: Person; path: string }>): Promise<void> {
  const issues: FieldIssue[] = [];
  for (const { person, path } of people) {
    if (!(await isIncidentVisible(tx, actorOf(person), incidentId))) issues.push({ path, message: `${person.name} may not see this incident` });
  }
  if (issues.length > 0) throw validationError(issues);
}

/**
 * Works out what a change to the editable fields means for this row: the columns to write and one
 * entry per field that really changes. Checks categories, teams, assignees, custom values, the
 * type's required fields, and who may set a priority. Writes nothing.
 */
export async function planFieldChanges(tx: Tx, actor: Actor, row: IncidentRow, type: IncidentType, input: IncidentFieldsInput): Promise<PlannedChanges> {
  const set: IncidentUpdate = {};
  const changes: FieldChange[] = [];
  const issues: FieldIssue[] = [];
  const change = (field: string, from: unknown, to: unknown, event: TimelineEventType = 'incident.field_changed') => {
    if (!same(from, to)) changes.push({ field, from, to, event });
    return !same(from, to);
  };

  for (const [param, column] of Object.entries(simpleColumns) as Array<[keyof typeof simpleColumns, (typeof simpleColumns)[keyof typeof simpleColumns]]>) {
    const value = input[param];
    if (value === undefined) continue;
    if (change(param, row[column], value)) Object.assign(set, { [column]: value });
  }
  for (const [param, column] of Object.entries(listColumns) as Array<[keyof typeof listColumns, (typeof listColumns)[keyof typeof listColumns]]>) {
    const value = input[param];
    if (value === undefined) continue;
    const next = distinct(value);
    if (change(param, row[column], next)) set[column] = next;
  }
  for (const [param, column] of Object.entries(dateColumns) as Array<[keyof typeof dateColumns, (typeof dateColumns)[keyof typeof dateColumns]]>) {
    const value = input[param];
    if (value === undefined) continue;
    const next = toDate(value);
    if (change(param, isoOrNull(row[column]), isoOrNull(next))) set[column] = next;
  }

  if (input.category !== undefined) {
    if (input.category !== null && !isValidCategory(type.categories, input.category)) issues.push({ path: 'category', message: `is not a category of ${type.key}` });
    else if (change('category', row.category, input.category)) set.category = input.category;
  }

  if (input.teamId !== undefined) {
    if (input.teamId !== null && !(await teamExists(tx, input.teamId))) issues.push({ path: 'teamId', message: 'is not a team' });
    else if (change('teamId', row.team_id, input.teamId)) set.team_id = input.teamId;
  }

  let newAssignee: Person | null = null;
  if (input.assigneeId !== undefined && input.assigneeId !== row.assignee_id) {
    const person = input.assigneeId === null ? null : await loadAssignee(tx, input.assigneeId, issues);
    if (input.assigneeId === null || person) {
      const names = await selectUserNames(tx, [row.assignee_id, input.assigneeId].filter((v): v is string => v !== null));
      const asRef = (id: string | null) => (id ? { id, name: names.get(id) ?? '' } : null);
      changes.push({ field: 'assignee', from: asRef(row.assignee_id), to: asRef(input.assigneeId), event: 'incident.assigned' });
      set.assignee_id = input.assigneeId;
      newAssignee = person;
    }
  }

  let overridden = row.priority_overridden;
  let priority = row.priority;
  if (input.priority !== undefined) {
    assertMaySetPriority(actor);
    overridden = input.priority !== null;
    if (input.priority !== null) priority = input.priority;
  }
  if (!overridden) priority = computePriority(type.priorityMatrix, input.impact ?? row.impact, input.urgency ?? row.urgency);
  if (overridden !== row.priority_overridden) {
    change('priorityOverridden', row.priority_overridden, overridden);
    set.priority_overridden = overridden;
  }
  if (change('priority', row.priority, priority, 'incident.priority_changed')) set.priority = priority;

  for (const key of type.requiredFields) {
    const param = coreFieldParam[key];
    if (param in input && (input as Record<string, unknown>)[param] === null) issues.push({ path: param, message: `is required for ${type.key} incidents` });
    const list = (input as Record<string, unknown>)[param];
    if (Array.isArray(list) && list.length === 0) issues.push({ path: param, message: `is required for ${type.key} incidents` });
  }

  if (issues.length > 0) throw validationError(issues);

  const next: Record<string, unknown> = { ...row.custom };
  if (input.custom !== undefined) {
    const cleaned = await validateCustomFields(tx, type, input.custom, { partial: true });
    for (const [key, value] of Object.entries(cleaned)) {
      if (value === null) delete next[key];
      else next[key] = value;
      change(`custom.${key}`, row.custom[key] ?? null, value);
    }
    if (!same(row.custom, next)) set.custom = JSON.stringify(next);
  }

  return { set, changes, newAssignee, custom: next };
}

/** Writes one timeline event per changed field, each carrying the version it produced. */
export async function recordFieldChanges(tx: Tx, actor: Actor, at: Date, incidentId: string, version: number, changes: FieldChange[]): Promise<void> {
  for (const c of changes) {
    await appendTimeline(tx, actor, at, incidentId, c.event, { field: c.field, from: c.from, to: c.to, version });
  }
}

/** The before and after of the changed fields, for the audit record. */
export function auditDiff(changes: FieldChange[]): { before: Record<string, unknown>; after: Record<string, unknown> } {
  const before: Record<string, unknown> = {};
  const after: Record<string, unknown> = {};
  for (const c of changes) {
    before[c.field] = c.from;
    after[c.field] = c.to;
  }
  return { before, after };
}
