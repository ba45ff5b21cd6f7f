import { sql, type Insertable, type Updateable } from 'kysely';
import type { DbOrTx, Tx } from '../../db/client.js';
import type { UserRow, UsersTable } from '../../db/schema.js';

export async function insertUser(tx: DbOrTx, row: Insertable<UsersTable>): Promise<UserRow> {
  return tx.insertInto('users').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function selectUserById(db: DbOrTx, id: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Locks the user's row for the rest of the transaction. */
export async function selectUserForUpdate(tx: Tx, id: string): Promise<UserRow | undefined> {
  return tx.selectFrom('users').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

/** Emails are unique regardless of case (index on lower(email)). */
export async function selectUserByEmail(db: DbOrTx, email: string): Promise<UserRow | undefined> {
  return db
    .selectFrom('users')
    .selectAll()
    .where(sql<string>`lower(email)`, '=', email.trim().toLowerCase())
    .executeTakeFirst();
}

export async function updateUserRow(tx: DbOrTx, id: string, patch: Updateable<UsersTable>): Promise<UserRow> {
  return tx.updateTable('users').set(patch).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

/** Locks every active admin row and returns their ids, so two demotions cannot both pass the last-admin check. */
export async function lockActiveAdminIds(tx: Tx): Promise<string[]> {
  const rows = await tx.selectFrom('users').select('id').where('role', '=', 'admin').where('active', '=', true).orderBy('id').forUpdate().execute();
  return rows.map((r) => r.id);
}

export async function anyUserExists(db: DbOrTx): Promise<boolean> {
  const row = await db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  return row !== undefined;
}

export type UserFilter = { q?: string | undefined; role?: UserRow['role'] | undefined; active?: boolean | undefined; limit: number; offset: number };

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export async function selectUsers(db: DbOrTx, f: UserFilter) {
  let q = db.selectFrom('users');
  if (f.q) {
    const pattern = `%${escapeLike(f.q.toLowerCase())}%`;
    q = q.where((eb) => eb.or([eb(sql<string>`lower(name)`, 'like', pattern), eb(sql<string>`lower(email)`, 'like', pattern)]));
  }
  if (f.role) q = q.where('role', '=', f.role);
  if (f.active !== undefined) q = q.where('active', '=', f.active);
  const [items, total] = await Promise.all([
    q.select(['id', 'name', 'email', 'role', 'active']).orderBy(sql`lower(name)`).orderBy('id').limit(f.limit).offset(f.offset).execute(),
    q.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: total.n };
}

/** The teams a user belongs to, with the user's role in each. */
export async function selectMemberships(db: DbOrTx, userId: string) {
  return db
    .selectFrom('team_members as m')
    .innerJoin('teams as t', 't.id', 'm.team_id')
    .select(['t.id', 't.slug', 't.name', 'm.role'])
    .where('m.user_id', '=', userId)
    .orderBy('t.name')
    .execute();
}
