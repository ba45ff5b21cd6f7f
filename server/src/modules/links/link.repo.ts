import { sql, type Selectable } from 'kysely';
import type { DbOrTx, Tx } from '../../db/client.js';
import type { IncidentLinksTable } from '../../db/schema.js';

export type LinkRow = Selectable<IncidentLinksTable>;

/**
 * Serialises link changes between two incidents until the transaction ends, in either direction,
 * so two concurrent requests cannot both add A related B and B related A.
 */
export async function lockIncidentPair(tx: Tx, a: string, b: string): Promise<void> {
  const key = [a, b].sort().join(':');
  await sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`.execute(tx);
}

/** Links between two incidents, in both directions. */
export async function selectLinksBetween(db: DbOrTx, a: string, b: string): Promise<LinkRow[]> {
  return db
    .selectFrom('incident_links')
    .selectAll()
    .where((eb) => eb.or([eb.and([eb('from_id', '=', a), eb('to_id', '=', b)]), eb.and([eb('from_id', '=', b), eb('to_id', '=', a)])]))
    .execute();
}

/** Inserts a link; null when the same link already exists (a concurrent insert won). */
export async function insertLink(tx: Tx, row: { from_id: string; to_id: string; kind: LinkRow['kind']; created_by: string | null; created_at: Date }): Promise<LinkRow | null> {
  const inserted = await tx
    .insertInto('incident_links')
    .values(row)
    .onConflict((oc) => oc.columns(['from_id', 'to_id', 'kind']).doNothing())
    .returningAll()
    .executeTakeFirst();
  return inserted ?? null;
}

/** One link that has the incident at either end, locked for the rest of the transaction. */
export async function selectLinkOfIncidentForUpdate(tx: Tx, linkId: string, incidentId: string): Promise<LinkRow | null> {
  const row = await tx
    .selectFrom('incident_links')
    .selectAll()
    .where('id', '=', linkId)
    .where((eb) => eb.or([eb('from_id', '=', incidentId), eb('to_id', '=', incidentId)]))
    .forUpdate()
    .executeTakeFirst();
  return row ?? null;
}

export async function deleteLink(tx: Tx, linkId: string): Promise<void> {
  await tx.deleteFrom('incident_links').where('id', '=', linkId).execute();
}

export async function selectUserName(db: DbOrTx, userId: string): Promise<string | null> {
  const row = await db.selectFrom('users').select('name').where('id', '=', userId).executeTakeFirst();
  return row?.name ?? null;
}
