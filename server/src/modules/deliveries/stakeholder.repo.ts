import type { Insertable, Updateable } from 'kysely';
import type { DbOrTx, Tx } from '../../db/client.js';
import type { StakeholderListRow, StakeholderListsTable } from '../../db/schema.js';

export type StakeholderListView = StakeholderListRow & { team_name: string };

const withTeam = (db: DbOrTx) => db.selectFrom('stakeholder_lists as s').innerJoin('teams as t', 't.id', 's.team_id').selectAll('s').select('t.name as team_name');

export async function insertStakeholderList(tx: Tx, row: Insertable<StakeholderListsTable>): Promise<StakeholderListRow> {
  return tx.insertInto('stakeholder_lists').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function selectStakeholderLists(db: DbOrTx, f: { teamId?: string | undefined; ids?: readonly string[] } = {}): Promise<StakeholderListView[]> {
  let q = withTeam(db);
  if (f.teamId) q = q.where('s.team_id', '=', f.teamId);
  if (f.ids) {
    if (f.ids.length === 0) return [];
    q = q.where('s.id', 'in', f.ids);
  }
  return q.orderBy('t.name').orderBy('s.name').orderBy('s.id').execute();
}

export async function selectStakeholderList(db: DbOrTx, id: string): Promise<StakeholderListView | undefined> {
  return withTeam(db).where('s.id', '=', id).executeTakeFirst();
}

export async function selectStakeholderListForUpdate(tx: Tx, id: string): Promise<StakeholderListRow | undefined> {
  return tx.selectFrom('stakeholder_lists').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function updateStakeholderListRow(tx: Tx, id: string, set: Updateable<StakeholderListsTable>): Promise<StakeholderListRow> {
  return tx.updateTable('stakeholder_lists').set(set).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

export async function deleteStakeholderListRow(tx: Tx, id: string): Promise<void> {
  await tx.deleteFrom('stakeholder_lists').where('id', '=', id).execute();
}

export async function teamExists(db: DbOrTx, id: string): Promise<boolean> {
  return (await db.selectFrom('teams').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
}
