import { sql, type Updateable } from 'kysely';
import type { DbOrTx, Tx } from '../../db/client.js';
import type { TeamsTable } from '../../db/schema.js';

export type NewTeam = { slug: string; name: string; description: string; created_at: Date; updated_at: Date };

export async function insertTeam(db: DbOrTx, row: NewTeam) {
  return db.insertInto('teams').values(row).returningAll().executeTakeFirstOrThrow();
}

/** Inserts the team unless its slug exists; undefined when it did. */
export async function insertTeamIfMissing(db: DbOrTx, row: NewTeam) {
  return db.insertInto('teams').values(row).onConflict((oc) => oc.column('slug').doNothing()).returningAll().executeTakeFirst();
}

export async function selectTeamById(db: DbOrTx, id: string) {
  return db.selectFrom('teams').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function selectTeamForUpdate(tx: Tx, id: string) {
  return tx.selectFrom('teams').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function selectTeamBySlug(db: DbOrTx, slug: string) {
  return db.selectFrom('teams').selectAll().where('slug', '=', slug).executeTakeFirst();
}

export async function updateTeamRow(db: DbOrTx, id: string, patch: Updateable<TeamsTable>) {
  return db.updateTable('teams').set(patch).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

export async function deleteTeamRow(db: DbOrTx, id: string): Promise<void> {
  await db.deleteFrom('teams').where('id', '=', id).execute();
}

const memberCount = sql<number>`(select count(*)::int from team_members m where m.team_id = teams.id)`.as('member_count');

/** Every team with its number of members, by name. */
export async function selectTeamsWithCounts(db: DbOrTx) {
  return db.selectFrom('teams').selectAll().select(memberCount).orderBy('name').orderBy('id').execute();
}

export async function selectTeamWithCount(db: DbOrTx, id: string) {
  return db.selectFrom('teams').selectAll().select(memberCount).where('id', '=', id).executeTakeFirst();
}

export async function selectTeamMembers(db: DbOrTx, teamId: string) {
  return db
    .selectFrom('team_members as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['u.id as user_id', 'u.name', 'u.email', 'u.role as user_role', 'u.active', 'm.role'])
    .where('m.team_id', '=', teamId)
    .orderBy(sql`lower(u.name)`)
    .orderBy('u.id')
    .execute();
}

export async function selectTeamMember(db: DbOrTx, teamId: string, userId: string) {
  return db.selectFrom('team_members').selectAll().where('team_id', '=', teamId).where('user_id', '=', userId).executeTakeFirst();
}

/** Adds a member or changes their role. */
export async function upsertTeamMember(db: DbOrTx, row: { team_id: string; user_id: string; role: 'member' | 'lead'; created_at: Date }): Promise<void> {
  await db
    .insertInto('team_members')
    .values(row)
    .onConflict((oc) => oc.columns(['team_id', 'user_id']).doUpdateSet({ role: row.role }))
    .execute();
}

export async function deleteTeamMember(db: DbOrTx, teamId: string, userId: string): Promise<number> {
  const r = await db.deleteFrom('team_members').where('team_id', '=', teamId).where('user_id', '=', userId).executeTakeFirst();
  return Number(r.numDeletedRows);
}
