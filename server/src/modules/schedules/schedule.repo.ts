import { sql, type Updateable } from 'kysely';
import type { DbOrTx, Tx } from '../../db/client.js';
import type { SchedulesTable } from '../../db/schema.js';

export type NewSchedule = {
  team_id: string;
  name: string;
  description: string;
  time_zone: string;
  layers: string;
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
};

export async function insertSchedule(db: DbOrTx, row: NewSchedule) {
  return db.insertInto('schedules').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function selectSchedule(db: DbOrTx, id: string) {
  return db.selectFrom('schedules').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function selectScheduleForUpdate(tx: Tx, id: string) {
  return tx.selectFrom('schedules').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

/** Schedules by name, optionally of one team. */
export async function selectSchedules(db: DbOrTx, filter: { teamId?: string | undefined }) {
  let q = db.selectFrom('schedules').selectAll();
  if (filter.teamId) q = q.where('team_id', '=', filter.teamId);
  return q.orderBy(sql`lower(name)`).orderBy('id').execute();
}

/** Schedules in which the user takes part: in some layer's rotation, or by an override ending after `after`. */
export async function selectSchedulesOfUser(db: DbOrTx, userId: string, after: Date) {
  return db
    .selectFrom('schedules as s')
    .selectAll('s')
    .where((eb) =>
      eb.or([
        sql<boolean>`s.layers @> ${JSON.stringify([{ participants: [userId] }])}::jsonb`,
        eb.exists(eb.selectFrom('schedule_overrides as o').select('o.id').whereRef('o.schedule_id', '=', 's.id').where('o.user_id', '=', userId).where('o.ends_at', '>', after)),
      ]),
    )
    .orderBy('s.id')
    .execute();
}

export async function updateScheduleRow(db: DbOrTx, id: string, patch: Updateable<SchedulesTable>) {
  return db.updateTable('schedules').set(patch).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

/** Marks that what the schedule resolves to changed (an override came or went); feeds show it as SEQUENCE. */
export async function bumpScheduleRevision(db: DbOrTx, id: string): Promise<void> {
  await db
    .updateTable('schedules')
    .set((eb) => ({ revision: eb('revision', '+', 1) }))
    .where('id', '=', id)
    .execute();
}

export async function deleteScheduleRow(db: DbOrTx, id: string): Promise<void> {
  await db.deleteFrom('schedules').where('id', '=', id).execute();
}

export async function insertOverride(db: DbOrTx, row: { schedule_id: string; user_id: string; starts_at: Date; ends_at: Date; note: string; created_by: string | null; created_at: Date }) {
  return db.insertInto('schedule_overrides').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function selectOverride(db: DbOrTx, scheduleId: string, overrideId: string) {
  return db.selectFrom('schedule_overrides').selectAll().where('schedule_id', '=', scheduleId).where('id', '=', overrideId).executeTakeFirst();
}

export async function deleteOverrideRow(db: DbOrTx, overrideId: string): Promise<void> {
  await db.deleteFrom('schedule_overrides').where('id', '=', overrideId).execute();
}

/** Overrides of the schedules that overlap [from, to), in creation order (the last one wins). */
export async function selectOverlappingOverrides(db: DbOrTx, scheduleIds: readonly string[], from: Date, to: Date) {
  if (scheduleIds.length === 0) return [];
  return db
    .selectFrom('schedule_overrides')
    .selectAll()
    .where('schedule_id', 'in', scheduleIds)
    .where('ends_at', '>', from)
    .where('starts_at', '<', to)
    .orderBy('seq')
    .execute();
}

/** Overrides of one schedule with their user's name, by start. */
export async function selectOverridesWithNames(db: DbOrTx, scheduleId: string, from: Date | undefined, to: Date | undefined) {
  let q = db
    .selectFrom('schedule_overrides as o')
    .innerJoin('users as u', 'u.id', 'o.user_id')
    .selectAll('o')
    .select('u.name as user_name')
    .where('o.schedule_id', '=', scheduleId);
  if (from) q = q.where('o.ends_at', '>', from);
  if (to) q = q.where('o.starts_at', '<', to);
  return q.orderBy('o.starts_at').orderBy('o.seq').limit(1000).execute();
}

export async function teamExists(db: DbOrTx, id: string): Promise<boolean> {
  return (await db.selectFrom('teams').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
}

export async function selectTeamName(db: DbOrTx, id: string): Promise<string | null> {
  return (await db.selectFrom('teams').select('name').where('id', '=', id).executeTakeFirst())?.name ?? null;
}

/** Users by id: name and whether they may still sign in. */
export async function selectUsers(db: DbOrTx, ids: readonly string[]): Promise<Map<string, { name: string; active: boolean }>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('users').select(['id', 'name', 'active']).where('id', 'in', [...new Set(ids)]).execute();
  return new Map(rows.map((r) => [r.id, { name: r.name, active: r.active }]));
}

export async function insertFeedToken(db: DbOrTx, row: { schedule_id: string | null; user_id: string | null; token_hash: string; nonce: string | null; created_by: string | null; created_at: Date }) {
  return db.insertInto('schedule_feed_tokens').values(row).returningAll().executeTakeFirstOrThrow();
}

/** Removes the feed token of a schedule or of a user; the number of rows removed. */
export async function deleteFeedToken(db: DbOrTx, owner: { scheduleId: string } | { userId: string }): Promise<number> {
  const q = db.deleteFrom('schedule_feed_tokens');
  const r = await ('scheduleId' in owner ? q.where('schedule_id', '=', owner.scheduleId) : q.where('user_id', '=', owner.userId)).executeTakeFirst();
  return Number(r.numDeletedRows);
}

export async function selectFeedTokenByHash(db: DbOrTx, tokenHash: string) {
  return db.selectFrom('schedule_feed_tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

/** The nonces of the schedules' feed tokens (the feed secret is derived from it). */
export async function selectScheduleFeedNonces(db: DbOrTx, scheduleIds: readonly string[]): Promise<Map<string, string>> {
  if (scheduleIds.length === 0) return new Map();
  const rows = await db.selectFrom('schedule_feed_tokens').select(['schedule_id', 'nonce']).where('schedule_id', 'in', scheduleIds).execute();
  return new Map(rows.filter((r) => r.schedule_id && r.nonce).map((r) => [r.schedule_id!, r.nonce!]));
}

/** Serialises changes to one user's feed token. */
export async function lockUser(tx: Tx, id: string): Promise<void> {
  await tx.selectFrom('users').select('id').where('id', '=', id).forUpdate().execute();
}

export async function selectUserForFeed(db: DbOrTx, id: string) {
  return db.selectFrom('users').select(['id', 'name', 'active']).where('id', '=', id).executeTakeFirst();
}
