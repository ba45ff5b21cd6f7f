import { sql } from 'kysely';
import type { DbOrTx, Tx } from '../../db/client.js';

export type NewApiToken = { user_id: string; name: string; token_hash: string; prefix: string; scope: 'read' | 'write'; created_at: Date; expires_at: Date | null };

export async function insertApiToken(db: DbOrTx, row: NewApiToken) {
  return db.insertInto('api_tokens').values({ ...row, last_used_at: null, revoked_at: null }).returningAll().executeTakeFirstOrThrow();
}

/** A usable token (not revoked, not expired) of an active user, with the user's role and teams. */
export async function selectLiveToken(db: DbOrTx, tokenHash: string, now: Date) {
  return db
    .selectFrom('api_tokens as t')
    .innerJoin('users as u', 'u.id', 't.user_id')
    .select(['t.id', 't.scope', 't.last_used_at', 'u.id as user_id', 'u.role'])
    .select(sql<string[]>`array(select tm.team_id::text from team_members tm where tm.user_id = u.id order by tm.team_id)`.as('team_ids'))
    .where('t.token_hash', '=', tokenHash)
    .where('t.revoked_at', 'is', null)
    .where((eb) => eb.or([eb('t.expires_at', 'is', null), eb('t.expires_at', '>', now)]))
    .where('u.active', '=', true)
    .executeTakeFirst();
}

/** Moves last_used_at forward unless another request already did within the minute. */
export async function touchApiToken(db: DbOrTx, id: string, now: Date, notSince: Date): Promise<void> {
  await db
    .updateTable('api_tokens')
    .set({ last_used_at: now })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', notSince)]))
    .execute();
}

export async function selectUserApiTokens(db: DbOrTx, userId: string) {
  return db.selectFrom('api_tokens').selectAll().where('user_id', '=', userId).orderBy('created_at', 'desc').orderBy('id').execute();
}

export async function selectUserApiTokenForUpdate(tx: Tx, userId: string, id: string) {
  return tx.selectFrom('api_tokens').selectAll().where('id', '=', id).where('user_id', '=', userId).forUpdate().executeTakeFirst();
}

export async function revokeApiTokenRow(tx: DbOrTx, id: string, at: Date) {
  return tx.updateTable('api_tokens').set({ revoked_at: at }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

/** Revokes every live token of a user; returns the revoked ids. */
export async function revokeUserApiTokens(db: DbOrTx, userId: string, at: Date): Promise<string[]> {
  const rows = await db.updateTable('api_tokens').set({ revoked_at: at }).where('user_id', '=', userId).where('revoked_at', 'is', null).returning('id').execute();
  return rows.map((r) => r.id);
}
