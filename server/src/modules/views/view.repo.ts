import { sql } from 'kysely';
import type { DbOrTx, Tx } from '../../db/client.js';
import type { SavedViewsTable } from '../../db/schema.js';
import type { Insertable, Selectable, Updateable } from 'kysely';

export type SavedViewRow = Selectable<SavedViewsTable>;

/** A user's views in their order. */
export async function selectViews(db: DbOrTx, userId: string): Promise<SavedViewRow[]> {
  return db.selectFrom('saved_views').selectAll().where('user_id', '=', userId).orderBy('position').orderBy('created_at').execute();
}

/** One view of the user, locked for a change; another user's view is not found. */
export async function selectViewForUpdate(tx: Tx, userId: string, id: string): Promise<SavedViewRow | undefined> {
  return tx.selectFrom('saved_views').selectAll().where('id', '=', id).where('user_id', '=', userId).forUpdate().executeTakeFirst();
}

/** Locks the user's views, so concurrent changes of one user's list (positions, the per-user limit) queue. */
export async function lockUserViews(tx: Tx, userId: string): Promise<SavedViewRow[]> {
  return tx.selectFrom('saved_views').selectAll().where('user_id', '=', userId).orderBy('position').orderBy('created_at').forUpdate().execute();
}

export async function insertView(tx: Tx, row: Insertable<SavedViewsTable>): Promise<SavedViewRow> {
  return tx.insertInto('saved_views').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function updateViewRow(tx: Tx, id: string, set: Updateable<SavedViewsTable>): Promise<SavedViewRow> {
  return tx.updateTable('saved_views').set(set).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

export async function deleteViewRow(tx: Tx, id: string): Promise<void> {
  await tx.deleteFrom('saved_views').where('id', '=', id).execute();
}

/** Writes positions 0..n-1 in the given order, touching only rows whose position changes. */
export async function renumberViews(tx: Tx, orderedIds: readonly string[]): Promise<void> {
  if (orderedIds.length === 0) return;
  const values = sql.join(orderedIds.map((id, i) => sql`(${id}::uuid, ${i}::int)`));
  await sql`update saved_views v set position = o.position from (values ${values}) as o(id, position) where v.id = o.id and v.position <> o.position`.execute(tx);
}

/** Whether another view of the user already has this name (names compare without case). */
export async function nameTaken(db: DbOrTx, userId: string, name: string, exceptId?: string): Promise<boolean> {
  let q = db.selectFrom('saved_views').select('id').where('user_id', '=', userId).where(sql<boolean>`lower(name) = lower(${name})`);
  if (exceptId) q = q.where('id', '<>', exceptId);
  return (await q.executeTakeFirst()) !== undefined;
}

export async function hasDefaultViews(db: DbOrTx, userId: string): Promise<boolean> {
  return (await db.selectFrom('saved_view_defaults').select('user_id').where('user_id', '=', userId).executeTakeFirst()) !== undefined;
}

/** Marks the user's defaults as created; false when another request did it first. */
export async function markDefaultViews(tx: Tx, userId: string, at: Date): Promise<boolean> {
  const row = await tx.insertInto('saved_view_defaults').values({ user_id: userId, created_at: at }).onConflict((oc) => oc.column('user_id').doNothing()).returning('user_id').executeTakeFirst();
  return row !== undefined;
}

export async function selectUserLocale(db: DbOrTx, userId: string): Promise<'en' | 'de'> {
  const row = await db.selectFrom('users').select('locale').where('id', '=', userId).executeTakeFirst();
  return row?.locale ?? 'en';
}
