import { sql } from 'kysely';
import type { DbOrTx, Tx } from '../../db/client.js';
import type { IncidentTypeRow } from '../../db/schema.js';

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a string has the shape of a uuid (so it may be compared with a uuid column). */
export function looksLikeUuid(value: string): boolean {
  return uuidPattern.test(value);
}

const keyPattern = /^[a-z][a-z0-9-]{1,62}$/;

export async function selectTypeByIdOrKey(db: DbOrTx, idOrKey: string): Promise<IncidentTypeRow | undefined> {
  // Anything that is neither a uuid nor a key cannot match; asking would only risk an encoding error.
  if (!looksLikeUuid(idOrKey) && !keyPattern.test(idOrKey)) return undefined;
  const q = db.selectFrom('incident_types').selectAll();
  return (looksLikeUuid(idOrKey) ? q.where('id', '=', idOrKey) : q.where('key', '=', idOrKey)).executeTakeFirst();
}

/** The row locked for the rest of the transaction (version check, then update). */
export async function selectTypeForUpdate(tx: Tx, idOrKey: string): Promise<IncidentTypeRow | undefined> {
  if (!looksLikeUuid(idOrKey) && !keyPattern.test(idOrKey)) return undefined;
  const q = tx.selectFrom('incident_types').selectAll();
  return (looksLikeUuid(idOrKey) ? q.where('id', '=', idOrKey) : q.where('key', '=', idOrKey)).forUpdate().executeTakeFirst();
}

export async function selectTypes(db: DbOrTx, opts: { includeInactive: boolean }): Promise<IncidentTypeRow[]> {
  let q = db.selectFrom('incident_types').selectAll();
  if (!opts.includeInactive) q = q.where('active', '=', true);
  return q.orderBy('key').execute();
}

/** Key and prefix of any type that already holds either (the unique indexes back this up). */
export async function selectTypeClashes(db: DbOrTx, key: string, prefix: string, exceptId: string | null): Promise<Array<{ key: string; prefix: string }>> {
  let q = db
    .selectFrom('incident_types')
    .select(['key', 'prefix'])
    .where((eb) => eb.or([eb('key', '=', key), eb('prefix', '=', prefix)]));
  if (exceptId) q = q.where('id', '<>', exceptId);
  return q.execute();
}

export type TypeValues = {
  key: string;
  name: Record<string, string>;
  description: Record<string, string>;
  prefix: string;
  restricted: boolean;
  default_team_id: string | null;
  fields: unknown[];
  required_fields: string[];
  workflow: unknown;
  categories: unknown[];
  priority_matrix: unknown;
  active: boolean;
};

function jsonColumns(v: Omit<TypeValues, 'key'>) {
  return {
    name: JSON.stringify(v.name),
    description: JSON.stringify(v.description),
    prefix: v.prefix,
    restricted: v.restricted,
    default_team_id: v.default_team_id,
    fields: JSON.stringify(v.fields),
    required_fields: JSON.stringify(v.required_fields),
    workflow: JSON.stringify(v.workflow),
    categories: JSON.stringify(v.categories),
    priority_matrix: JSON.stringify(v.priority_matrix),
    active: v.active,
  };
}

export async function insertType(tx: Tx, v: TypeValues & { pack: string | null; pack_version: number | null; at: Date }): Promise<IncidentTypeRow> {
  return tx
    .insertInto('incident_types')
    .values({ key: v.key, ...jsonColumns(v), pack: v.pack, pack_version: v.pack_version, created_at: v.at, updated_at: v.at })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Writes a new definition and bumps the version; `customized_at` and pack columns only when given. */
export async function updateType(
  tx: Tx,
  id: string,
  v: Omit<TypeValues, 'key'> & { at: Date; customized_at?: Date; pack_version?: number },
): Promise<IncidentTypeRow> {
  return tx
    .updateTable('incident_types')
    .set({
      ...jsonColumns(v),
      ...(v.customized_at ? { customized_at: v.customized_at } : {}),
      ...(v.pack_version === undefined ? {} : { pack_version: v.pack_version }),
      version: sql<number>`version + 1`,
      updated_at: v.at,
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** How many incidents of the type sit in each of the given states. */
export async function countIncidentsInStates(db: DbOrTx, typeId: string, states: string[]): Promise<Array<{ state: string; count: number }>> {
  if (states.length === 0) return [];
  return db
    .selectFrom('incidents')
    .select(['state', sql<number>`count(*)::int`.as('count')])
    .where('type_id', '=', typeId)
    .where('state', 'in', states)
    .groupBy('state')
    .orderBy('state')
    .execute();
}

export async function selectActiveUserIds(db: DbOrTx, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.selectFrom('users').select('id').where('id', 'in', ids).where('active', '=', true).execute();
  return new Set(rows.map((r) => r.id));
}

/** Incidents named by id or by number; used to resolve reference fields. */
export async function selectIncidentRefs(db: DbOrTx, refs: string[]): Promise<Array<{ id: string; number: string }>> {
  const ids = refs.filter(looksLikeUuid);
  const numbers = refs.filter((r) => !looksLikeUuid(r));
  if (ids.length === 0 && numbers.length === 0) return [];
  return db
    .selectFrom('incidents')
    .select(['id', 'number'])
    .where((eb) => eb.or([...(ids.length ? [eb('id', 'in', ids)] : []), ...(numbers.length ? [eb('number', 'in', numbers)] : [])]))
    .execute();
}

export async function selectTeamExists(db: DbOrTx, id: string): Promise<boolean> {
  return (await db.selectFrom('teams').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
}

/** Serialises pack installs across processes booting at once; released at commit. */
export async function lockPackInstall(tx: Tx): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext('vigil.incident-type-packs'))`.execute(tx);
}

/** What the boot step needs to decide whether a pack has anything to do. */
export async function selectPackState(db: DbOrTx, keys: string[]) {
  if (keys.length === 0) return [];
  return db.selectFrom('incident_types').select(['key', 'pack', 'pack_version', 'customized_at']).where('key', 'in', keys).execute();
}
