import type { IncidentCreateInput, IncidentPatchInput, IncidentType } from '@vigil/shared';
import type { DbOrTx, Tx } from '../../db/client.js';
import type { IncidentRow } from '../../db/schema.js';
import type { Actor, Deps } from '../../platform/context.js';
import { AppError, notFound } from '../../platform/errors.js';
import { appendAudit } from '../audit/index.js';
import { appendTimeline } from '../timeline/index.js';
import { computePriority, getIncidentType, initialState, isSet, isValidCategory, validateCustomFields } from '../types/index.js';
import {
  assertVisibleToAll,
  auditDiff,
  coreFieldParam,
  distinct,
  loadAssignee,
  planFieldChanges,
  recordFieldChanges,
  validationError,
  type FieldIssue,
} from './incident.changes.js';
import { assertMayCreate, assertMayEdit, assertMayRoute, assertMaySetPriority } from './incident.policy.js';
import { auditSnapshot } from './incident.presenter.js';
import { runReactors } from './incident.reactors.js';
import {
  insertIncident,
  insertWatchers,
  nextSequenceValue,
  selectChangedFieldsSince,
  selectIncidentByIdempotencyKey,
  selectPeople,
  selectVisibleIncident,
  teamExists,
  updateIncidentRow,
  type Person,
} from './incident.repo.js';

/** The human number: type prefix, year, and a six-digit sequence per prefix and year (INC-2026-000042). */
export function formatIncidentNumber(prefix: string, year: number, seq: number): string {
  return `${prefix}-${year}-${String(seq).padStart(6, '0')}`;
}

export type CreateOptions = {
  idempotencyKey?: string | undefined;
  /** The public report portal only: an anonymous guest may report, and the portal records its own rows in the same transaction. */
  guest?: { record: (tx: Tx, row: IncidentRow) => Promise<void> };
};

/**
 * Reports an incident: checks it against its type (category, required fields, custom values),
 * computes the priority, numbers it, starts it in the workflow's initial state and records it.
 * With an Idempotency-Key, a repeated request returns the incident the first one created.
 */
export async function createIncident(deps: Deps, actor: Actor, input: IncidentCreateInput, opts: CreateOptions = {}): Promise<{ row: IncidentRow; replayed: boolean }> {
  if (!(opts.guest && actor.kind === 'anonymous')) assertMayCreate(actor);
  assertMayRoute(actor, input);
  if (input.priority !== undefined) assertMaySetPriority(actor);
  const key = opts.idempotencyKey && actor.userId ? opts.idempotencyKey : undefined;
  if (key) {
    const earlier = await selectIncidentByIdempotencyKey(deps.db, actor.userId!, key);
    if (earlier) return { row: earlier, replayed: true };
  }
  const checked = await checkNewIncident(deps.db, input);
  // On a PostgreSQL server the number is taken in its own short statement, so concurrent creates do not
  // queue on the sequence row for a whole transaction (a create failing after this leaves a gap). The
  // embedded database runs one transaction at a time, so there it is taken inside the transaction.
  const year = deps.clock.now().getUTCFullYear();
  const preallocated = deps.dbKind === 'postgres' ? await nextSequenceValue(deps.db, checked.type.prefix, year) : undefined;
  try {
    const row = await deps.db.transaction().execute(async (tx) => {
      const created = await insertNewIncident(tx, deps, actor, input, checked, formatIncidentNumber(checked.type.prefix, year, preallocated ?? (await nextSequenceValue(tx, checked.type.prefix, year))), key);
      await opts.guest?.record(tx, created);
      return created;
    });
    return { row, replayed: false };
  } catch (err) {
    if (key && (err as { code?: string }).code === '23505') {
      const earlier = await selectIncidentByIdempotencyKey(deps.db, actor.userId!, key);
      if (earlier) return { row: earlier, replayed: true };
    }
    throw err;
  }
}

type CheckedIncident = {
  type: IncidentType;
  teamId: string | null;
  assignee: Person | null;
  watcherIds: string[];
  watchers: Array<{ person: Person; path: string }>;
  custom: Record<string, unknown>;
};

/** Checks a new incident against its type and the directory; every problem is reported at once as a 400. */
async function checkNewIncident(db: DbOrTx, input: IncidentCreateInput): Promise<CheckedIncident> {
  const type = await getIncidentType(db, input.type);
  if (!type || !type.active) throw validationError([{ path: 'type', message: 'is not an active incident type' }]);

  const issues: FieldIssue[] = [];
  const teamId = input.teamId === undefined ? type.defaultTeamId : input.teamId;
  if (input.category != null && !isValidCategory(type.categories, input.category)) issues.push({ path: 'category', message: `is not a category of ${type.key}` });
  if (input.teamId && !(await teamExists(db, input.teamId))) issues.push({ path: 'teamId', message: 'is not a team' });
  const assignee = input.assigneeId ? await loadAssignee(db, input.assigneeId, issues) : null;
  const watcherIds = distinct(input.watchers);
  const people = await selectPeople(db, watcherIds);
  const watchers: Array<{ person: Person; path: string }> = [];
  watcherIds.forEach((id, i) => {
    const person = people.get(id);
    if (!person || !person.active) issues.push({ path: `watchers.${i}`, message: 'is not an active user' });
    else watchers.push({ person, path: `watchers.${i}` });
  });
  const core: Record<string, unknown> = { ...input, teamId };
  for (const required of type.requiredFields) {
    const param = coreFieldParam[required];
    if (!isSet(core[param])) issues.push({ path: param, message: `is required for ${type.key} incidents` });
  }
  let custom: Record<string, unknown> = {};
  try {
    custom = await validateCustomFields(db, type, input.custom, { partial: false });
  } catch (err) {
    if (!(err instanceof AppError) || err.code !== 'validation_failed' || !Array.isArray(err.details)) throw err;
    issues.push(...(err.details as FieldIssue[]));
  }
  if (issues.length > 0) throw validationError(issues);
  return { type, teamId, assignee, watcherIds, watchers, custom };
}

async function insertNewIncident(
  tx: Tx,
  deps: Deps,
  actor: Actor,
  input: IncidentCreateInput,
  checked: CheckedIncident,
  number: string,
  idempotencyKey: string | undefined,
): Promise<IncidentRow> {
  const now = deps.clock.now();
  const { type, teamId, assignee, watcherIds, watchers, custom } = checked;
  const initial = initialState(type.workflow);
  const date = (v: string | null | undefined) => (v ? new Date(v) : null);
  const row = await insertIncident(tx, {
    number,
    type_id: type.id,
    title: input.title,
    description: input.description,
    category: input.category ?? null,
    severity: input.severity,
    impact: input.impact,
    urgency: input.urgency,
    priority: input.priority ?? computePriority(type.priorityMatrix, input.impact, input.urgency),
    priority_overridden: input.priority !== undefined,
    business_areas: distinct(input.businessAreas),
    services: distinct(input.services),
    assets: distinct(input.assets),
    locations: distinct(input.locations),
    reporter_id: actor.userId,
    reporter_contact: input.reporterContact ? JSON.stringify(input.reporterContact) : null,
    assignee_id: assignee?.id ?? null,
    team_id: teamId,
    state: initial.key,
    state_category: initial.category,
    restricted: type.restricted,
    confidentiality: input.confidentiality,
    source: input.source,
    custom: JSON.stringify(custom),
    resolution: null,
    due_at: date(input.dueAt),
    occurred_at: date(input.occurredAt),
    detected_at: date(input.detectedAt),
    became_aware_at: date(input.becameAwareAt),
    reported_at: now,
    acknowledged_at: null,
    resolved_at: null,
    closed_at: null,
    merged_into_id: null,
    created_by: actor.userId,
    idempotency_key: idempotencyKey ?? null,
    created_at: now,
    updated_at: now,
  });
  await insertWatchers(tx, row.id, watcherIds, now);
  await assertVisibleToAll(tx, row.id, [...(assignee ? [{ person: assignee, path: 'assigneeId' }] : []), ...watchers]);

  await appendTimeline(
    tx,
    actor,
    now,
    row.id,
    'incident.created',
    { number: row.number, title: row.title, type: type.key, state: row.state, stateCategory: row.state_category, priority: row.priority, severity: row.severity, source: row.source, assigneeId: row.assignee_id, teamId: row.team_id, watchers: watcherIds },
    'public',
  );
  await appendAudit(tx, actor, now, { entityType: 'incident', entityId: row.id, action: 'create', after: { ...auditSnapshot(row), watchers: watcherIds } });
  return runReactors(tx, deps, { kind: 'created', incident: row, before: null, actor, at: now });
}

/** Locks the incident the actor may see and checks the version the change was based on. */
export async function lockForChange(tx: Tx, actor: Actor, ref: string, expectedVersion: number | undefined): Promise<IncidentRow> {
  const row = await selectVisibleIncident(tx, actor, ref, { lock: true });
  if (!row) throw notFound('Incident');
  if (expectedVersion !== undefined && expectedVersion !== row.version) {
    const changedFields = await selectChangedFieldsSince(tx, row.id, expectedVersion);
    throw new AppError('version_conflict', `The incident changed since version ${expectedVersion} (now ${row.version}); reload and apply your change again`, {
      currentVersion: row.version,
      changedFields,
    });
  }
  return row;
}

/** The incident's type; a type is never deleted while incidents use it, so a miss is a broken database. */
export async function typeOf(tx: Tx, row: IncidentRow): Promise<IncidentType> {
  const type = await getIncidentType(tx, row.type_id);
  if (!type) throw new Error(`incident ${row.id} has no type ${row.type_id}`);
  return type;
}

/**
 * Changes fields of an incident (never its state) against the version the caller last saw. Each
 * changed field becomes one timeline event; the audit record holds before and after of all of them.
 */
export async function updateIncident(deps: Deps, actor: Actor, ref: string, input: IncidentPatchInput, expectedVersion: number | undefined): Promise<IncidentRow> {
  assertMayEdit(actor);
  if (expectedVersion === undefined) {
    throw new AppError('precondition_required', 'Send the version you are changing: If-Match: "<version>" or "version" in the body');
  }
  const { version: _version, ...fields } = input;
  return deps.db.transaction().execute(async (tx) => {
    const now = deps.clock.now();
    const row = await lockForChange(tx, actor, ref, expectedVersion);
    const type = await typeOf(tx, row);
    const plan = await planFieldChanges(tx, actor, row, type, fields);
    if (plan.changes.length === 0) return row;
    const updated = await updateIncidentRow(tx, row.id, { ...plan.set, version: row.version + 1, updated_at: now });
    if (plan.newAssignee) await assertVisibleToAll(tx, row.id, [{ person: plan.newAssignee, path: 'assigneeId' }]);
    await recordFieldChanges(tx, actor, now, row.id, updated.version, plan.changes);
    const diff = auditDiff(plan.changes);
    await appendAudit(tx, actor, now, {
      entityType: 'incident',
      entityId: row.id,
      action: 'update',
      before: { ...diff.before, version: row.version },
      after: { ...diff.after, version: updated.version },
    });
    return runReactors(tx, deps, { kind: 'updated', incident: updated, before: row, actor, at: now });
  });
}
