import { incidentTypeInputSchema, incidentTypeIssues, type IncidentType, type IncidentTypeInput, type IncidentTypePatch } from '@vigil/shared';
import type { Db, Tx } from '../../db/client.js';
import type { IncidentTypeRow } from '../../db/schema.js';
import { requireRole } from '../../platform/authz.js';
import type { Actor } from '../../platform/context.js';
import { AppError, notFound } from '../../platform/errors.js';
import { appendAudit } from '../audit/index.js';
import { auditView, presentIncidentType } from './type.presenter.js';
import { countIncidentsInStates, insertType, selectTeamExists, selectTypeClashes, selectTypeForUpdate, updateType, type TypeValues } from './type.repo.js';

/** Checks a full definition beyond its schema (cross references, team, key and prefix clashes). */
async function checkDefinition(tx: Tx, input: IncidentTypeInput, pathPrefix: string[], exceptId: string | null): Promise<void> {
  const issues = [...nulIssues(input, []), ...incidentTypeIssues(input)].map((i) => ({ path: [...pathPrefix, ...i.path].join('.'), message: i.message }));
  if (input.defaultTeamId && !(await selectTeamExists(tx, input.defaultTeamId))) {
    issues.push({ path: [...pathPrefix, 'defaultTeamId'].join('.'), message: 'is not an existing team' });
  }
  if (issues.length > 0) {
    throw new AppError('validation_failed', 'The incident type is not valid: ' + issues.map((i) => `${i.path}: ${i.message}`).join('; '), issues);
  }
  const clashes = await selectTypeClashes(tx, input.key, input.prefix, exceptId);
  const keyClash = clashes.find((c) => c.key === input.key);
  if (keyClash) throw new AppError('already_exists', `An incident type with key "${input.key}" already exists`, [{ path: 'body.key', message: 'already exists' }]);
  const prefixClash = clashes.find((c) => c.prefix === input.prefix);
  if (prefixClash) {
    throw new AppError('already_exists', `The prefix "${input.prefix}" is already used by incident type "${prefixClash.key}"`, [{ path: 'body.prefix', message: 'already used' }]);
  }
}

/** Input to the row's columns. */
export function toTypeValues(input: IncidentTypeInput): TypeValues {
  return {
    key: input.key,
    name: input.name,
    description: input.description as Record<string, string>,
    prefix: input.prefix,
    restricted: input.restricted,
    default_team_id: input.defaultTeamId,
    fields: input.fields,
    required_fields: input.requiredFields,
    workflow: input.workflow,
    categories: input.categories,
    priority_matrix: input.priorityMatrix,
    active: input.active,
  };
}

/** A row back to the input shape, so a patch can be merged over it and validated as a whole. */
function toInput(row: IncidentTypeRow): IncidentTypeInput {
  const t = presentIncidentType(row);
  return {
    key: t.key,
    name: t.name,
    description: t.description,
    prefix: t.prefix,
    restricted: t.restricted,
    defaultTeamId: t.defaultTeamId,
    fields: t.fields,
    requiredFields: t.requiredFields,
    workflow: t.workflow,
    categories: t.categories,
    priorityMatrix: t.priorityMatrix,
    active: t.active,
  };
}

/** Creates an incident type (admins); key and prefix must be unused. */
export async function createIncidentType(db: Db, actor: Actor, at: Date, input: IncidentTypeInput): Promise<IncidentType> {
  requireRole(actor, 'admin');
  return db
    .transaction()
    .execute(async (tx) => {
      await checkDefinition(tx, input, ['body'], null);
      const row = await insertType(tx, { ...toTypeValues(input), pack: null, pack_version: null, at });
      const type = presentIncidentType(row);
      await appendAudit(tx, actor, at, { entityType: 'incident_type', entityId: type.id, action: 'create', after: auditView(type) });
      return type;
    })
    .catch(rethrowUniqueViolation);
}

/**
 * Changes an incident type (admins) if `expectedVersion` is still current. States that incidents
 * are in can be neither removed nor moved to another category; the edit marks the type customized,
 * so pack upgrades leave it alone from then on.
 */
export async function updateIncidentType(db: Db, actor: Actor, at: Date, idOrKey: string, expectedVersion: number, patch: IncidentTypePatch): Promise<IncidentType> {
  requireRole(actor, 'admin');
  return db.transaction().execute(async (tx) => {
    const row = await selectTypeForUpdate(tx, idOrKey);
    if (!row) throw notFound('Incident type');
    if (row.version !== expectedVersion) {
      throw new AppError('version_conflict', `The incident type was changed meanwhile (version ${row.version}, you sent ${expectedVersion}); reload and try again`, { currentVersion: row.version });
    }
    const before = presentIncidentType(row);
    const merged = incidentTypeInputSchema.safeParse({ ...toInput(row), ...stripUndefined(patch) });
    if (!merged.success) {
      const issues = merged.error.issues.map((i) => ({ path: ['body', ...i.path.map(String)].join('.'), message: i.message }));
      throw new AppError('validation_failed', 'The incident type is not valid: ' + issues.map((i) => `${i.path}: ${i.message}`).join('; '), issues);
    }
    const next = merged.data;
    await checkDefinition(tx, next, ['body'], row.id);
    await checkStatesInUse(tx, row.id, before, next);
    const updated = await updateType(tx, row.id, { ...toTypeValues(next), at, ...(row.customized_at ? {} : { customized_at: at }) });
    const type = presentIncidentType(updated);
    await appendAudit(tx, actor, at, { entityType: 'incident_type', entityId: type.id, action: 'update', before: auditView(before), after: auditView(type) });
    return type;
  }).catch(rethrowUniqueViolation);
}

/** Refuses to remove, or change the category of, a state that incidents of the type are in. */
async function checkStatesInUse(tx: Tx, typeId: string, before: IncidentType, next: IncidentTypeInput): Promise<void> {
  const nextStates = new Map(next.workflow.states.map((s) => [s.key, s.category]));
  const removed = before.workflow.states.filter((s) => !nextStates.has(s.key)).map((s) => s.key);
  const recategorised = before.workflow.states.filter((s) => nextStates.has(s.key) && nextStates.get(s.key) !== s.category).map((s) => s.key);
  const inUse = await countIncidentsInStates(tx, typeId, [...removed, ...recategorised]);
  if (inUse.length === 0) return;
  const describe = (keys: string[]) =>
    inUse
      .filter((u) => keys.includes(u.state))
      .map((u) => `${u.state} (${u.count} incident${u.count === 1 ? '' : 's'})`)
      .join(', ');
  const parts = [
    removed.some((k) => inUse.some((u) => u.state === k)) ? `cannot remove states that incidents are in: ${describe(removed)}` : '',
    recategorised.some((k) => inUse.some((u) => u.state === k)) ? `cannot change the category of states that incidents are in: ${describe(recategorised)}` : '',
  ].filter(Boolean);
  throw new AppError(
    'conflict',
    `The workflow change ${parts.join('; ')}. Move those incidents to other states first.`,
    inUse.map((u) => ({ state: u.state, count: u.count, change: removed.includes(u.state) ? 'removed' : 'category_changed' })),
  );
}

function stripUndefined<T extends Record<string, unknown>>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** A concurrent writer took the key or prefix between our check and our write: the same answer as the check. */
function rethrowUniqueViolation(err: unknown): never {
  const e = err as { code?: string; constraint?: string; message?: string };
  if (e.code === '23505') {
    const onPrefix = (e.constraint ?? e.message ?? '').includes('prefix');
    throw new AppError('already_exists', onPrefix ? 'The prefix is already used by another incident type' : 'An incident type with this key already exists', [
      { path: onPrefix ? 'body.prefix' : 'body.key', message: 'already exists' },
    ]);
  }
  throw err;
}

/** PostgreSQL cannot store NUL in text or jsonb: name every string that carries one instead of failing on write. */
function nulIssues(value: unknown, path: Array<string | number>): Array<{ path: Array<string | number>; message: string }> {
  if (typeof value === 'string') return value.includes('\u0000') ? [{ path, message: 'must not contain NUL characters' }] : [];
  if (Array.isArray(value)) return value.flatMap((v, i) => nulIssues(v, [...path, i]));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => nulIssues(v, [...path, k]));
  return [];
}
