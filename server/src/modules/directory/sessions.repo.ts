import { sql } from 'kysely';
import type { DbOrTx } from '../../db/client.js';

export type NewSession = { id: string; user_id: string; csrf_token: string; ip: string | null; user_agent: string | null; created_at: Date; last_seen_at: Date; expires_at: Date };

export async function insertSession(db: DbOrTx, row: NewSession): Promise<void> {
  await db.insertInto('sessions').values(row).execute();
}

/** A live session (not past its absolute or idle expiry) of an active user, with the user's role and teams. */
export async function selectLiveSession(db: DbOrTx, idHash: string, now: Date, idleCutoff: Date) {
  return db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select(['s.id', 's.csrf_token', 's.last_seen_at', 'u.id as user_id', 'u.role'])
    .select(sql<string[]>`array(select tm.team_id::text from team_members tm where tm.user_id = u.id order by tm.team_id)`.as('team_ids'))
    .where('s.id', '=', idHash)
    .where('s.expires_at', '>', now)
    .where('s.last_seen_at', '>', idleCutoff)
    .where('u.active', '=', true)
    .executeTakeFirst();
}

/** Moves last_seen_at forward unless another request already did within the minute. */
export async function touchSession(db: DbOrTx, idHash: string, now: Date, notSince: Date): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: now }).where('id', '=', idHash).where('last_seen_at', '<', notSince).execute();
}

export async function selectSessionCsrf(db: DbOrTx, idHash: string): Promise<string | undefined> {
  const row = await db.selectFrom('sessions').select('csrf_token').where('id', '=', idHash).executeTakeFirst();
  return row?.csrf_token;
}

export async function deleteSession(db: DbOrTx, idHash: string): Promise<number> {
  const r = await db.deleteFrom('sessions').where('id', '=', idHash).executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** Deletes every session of a user, optionally keeping one (the caller's own). */
export async function deleteUserSessions(db: DbOrTx, userId: string, keepIdHash?: string): Promise<number> {
  let q = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (keepIdHash) q = q.where('id', '<>', keepIdHash);
  const r = await q.executeTakeFirst();
  return Number(r.numDeletedRows);
}
