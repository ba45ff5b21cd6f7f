import { incidentNumberPattern, type Role } from '@vigil/shared';
import { sql } from 'kysely';
import type { DbOrTx, Tx } from '../../db/client.js';
import type { IncidentRow, IncidentUpdate, NewIncident } from '../../db/schema.js';
import type { Actor } from '../../platform/context.js';
import { incidentVisibleTo } from './incident.visibility.js';

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a path segment can name an incident at all; anything else is not found without a query. */
export function refKind(ref: string): 'id' | 'number' | null {
  if (uuidPattern.test(ref)) return 'id';
  if (incidentNumberPattern.test(ref)) return 'number';
  return null;
}

/** The incident the actor may see, by id or number; with `lock`, locked for the rest of the transaction. */
export async function selectVisibleIncident(db: DbOrTx, actor: Actor, ref: string, opts: { lock?: boolean } = {}): Promise<IncidentRow | null> {
  const kind = refKind(ref);
  if (!kind) return null;
  let q = db
    .selectFrom('incidents as i')
    .selectAll('i')
    .where(kind === 'id' ? 'i.id' : 'i.number', '=', kind === 'id' ? ref.toLowerCase() : ref)
    .where(incidentVisibleTo(actor, 'i'));
  if (opts.lock) q = q.forUpdate();
  return (await q.executeTakeFirst()) ?? null;
}

/** Whether the incident with this id is visible to the actor (used to check assignees and watchers). */
export async function isIncidentVisible(db: DbOrTx, actor: Actor, incidentId: string): Promise<boolean> {
  const row = await db.selectFrom('incidents as i').select('i.id').where('i.id', '=', incidentId).where(incidentVisibleTo(actor, 'i')).executeTakeFirst();
  return row !== undefined;
}

/**
 * Next number of a prefix and year. The upsert takes a row lock on (prefix, year) until its
 * transaction ends, so concurrent callers each get their own value.
 */
export async function nextSequenceValue(db: DbOrTx, prefix: string, year: number): Promise<number> {
  const row = await db
    .insertInto('number_sequences')
    .values({ prefix, year, last_value: 1 })
    .onConflict((oc) => oc.columns(['prefix', 'year']).doUpdateSet({ last_value: sql`number_sequences.last_value + 1` }))
    .returning('last_value')
    .executeTakeFirstOrThrow();
  return row.last_value;
}

export async function insertIncident(tx: Tx, row: NewIncident): Promise<IncidentRow> {
  return tx.insertInto('incidents').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function updateIncidentRow(tx: Tx, id: string, set: IncidentUpdate): Promise<IncidentRow> {
  return tx.updateTable('incidents').set(set).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

/** The incident an earlier create with this Idempotency-Key made, if any. */
export async function selectIncidentByIdempotencyKey(db: DbOrTx, createdBy: string, key: string): Promise<IncidentRow | null> {
  const row = await db.selectFrom('incidents').selectAll().where('created_by', '=', createdBy).where('idempotency_key', '=', key).executeTakeFirst();
  return row ?? null;
}

export type Person = { id: string; name: string; role: Role; active: boolean; teamIds: string[] };

/** Users by id with their role and teams; missing ids are simply absent. */
export async function selectPeople(db: DbOrTx, ids: readonly string[]): Promise<Map<string, Person>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const users = await db.selectFrom('users').select(['id', 'name', 'role', 'active']).where('id', 'in', unique).execute();
  const memberships = await db.selectFrom('team_members').select(['user_id', 'team_id']).where('user_id', 'in', unique).execute();
  return new Map(users.map((u) => [u.id, { ...u, teamIds: memberships.filter((m) => m.user_id === u.id).map((m) => m.team_id) }]));
}

export async function selectUserNames(db: DbOrTx, ids: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db.selectFrom('users').select(['id', 'name']).where('id', 'in', unique).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

export async function selectTeamNames(db: DbOrTx, ids: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db.selectFrom('teams').select(['id', 'name']).where('id', 'in', unique).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

export async function selectIncidentNumbers(db: DbOrTx, ids: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db.selectFrom('incidents').select(['id', 'number']).where('id', 'in', unique).execute();
  return new Map(rows.map((r) => [r.id, r.number]));
}

/** Watchers of one incident with their names, in the order they were added. */
export async function selectWatchers(db: DbOrTx, incidentId: string): Promise<Array<{ id: string; name: string }>> {
  return db
    .selectFrom('incident_watchers as w')
    .innerJoin('users as u', 'u.id', 'w.user_id')
    .select(['u.id', 'u.name'])
    .where('w.incident_id', '=', incidentId)
    .orderBy('w.created_at')
    .orderBy('u.id')
    .execute();
}

/** Adds watchers; returns the user ids that were not watching before. */
export async function insertWatchers(tx: Tx, incidentId: string, userIds: readonly string[], at: Date): Promise<string[]> {
  const unique = [...new Set(userIds)];
  if (unique.length === 0) return [];
  const rows = await tx
    .insertInto('incident_watchers')
    .values(unique.map((user_id) => ({ incident_id: incidentId, user_id, created_at: at })))
    .onConflict((oc) => oc.columns(['incident_id', 'user_id']).doNothing())
    .returning('user_id')
    .execute();
  return rows.map((r) => r.user_id);
}

export async function deleteWatcher(tx: Tx, incidentId: string, userId: string): Promise<boolean> {
  const r = await tx.deleteFrom('incident_watchers').where('incident_id', '=', incidentId).where('user_id', '=', userId).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export async function selectWatcherIds(db: DbOrTx, incidentId: string): Promise<string[]> {
  const rows = await db.selectFrom('incident_watchers').select('user_id').where('incident_id', '=', incidentId).execute();
  return rows.map((r) => r.user_id);
}

export async function teamExists(db: DbOrTx, teamId: string): Promise<boolean> {
  return (await db.selectFrom('teams').select('id').where('id', '=', teamId).executeTakeFirst()) !== undefined;
}

/** Fields changed by field, assignment, priority and status events written after `version`. */
export async function selectChangedFieldsSince(db: DbOrTx, incidentId: string, version: number): Promise<string[]> {
  const rows = await db
    .selectFrom('timeline_events')
    .select(sql<string | null>`data->>'field'`.as('field'))
    .where('incident_id', '=', incidentId)
    .where(sql<boolean>`data->'version' > to_jsonb(${version}::int)`)
    .orderBy('id')
    .execute();
  return [...new Set(rows.map((r) => r.field).filter((f): f is string => f !== null))];
}

export async function insertIncidentLink(tx: Tx, fromId: string, toId: string, kind: 'duplicate_of' | 'related' | 'caused_by', createdBy: string | null, at: Date): Promise<void> {
  await tx
    .insertInto('incident_links')
    .values({ from_id: fromId, to_id: toId, kind, created_by: createdBy, created_at: at })
    .onConflict((oc) => oc.columns(['from_id', 'to_id', 'kind']).doNothing())
    .execute();
}

/** Of these incident ids, the ones the actor may see. */
export async function selectVisibleAmong(db: DbOrTx, actor: Actor, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.selectFrom('incidents as i').select('i.id').where('i.id', 'in', [...ids]).where(incidentVisibleTo(actor, 'i')).execute();
  return new Set(rows.map((r) => r.id));
}

/** The incident by id, without visibility: for reactors re-reading the row their transaction changed. */
export async function selectIncidentById(db: DbOrTx, id: string): Promise<IncidentRow | null> {
  return (await db.selectFrom('incidents').selectAll().where('id', '=', id).executeTakeFirst()) ?? null;
}
