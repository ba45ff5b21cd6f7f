import type { Insertable, Updateable } from 'kysely';
import type { DbOrTx, Tx } from '../../db/client.js';
import type { ChatChannelRow, ChatChannelsTable } from '../../db/schema.js';

export type ChatChannelView = ChatChannelRow & { team_name: string | null };

const withTeam = (db: DbOrTx) => db.selectFrom('chat_channels as c').leftJoin('teams as t', 't.id', 'c.team_id').selectAll('c').select('t.name as team_name');

export async function insertChatChannel(tx: Tx, row: Insertable<ChatChannelsTable>): Promise<ChatChannelRow> {
  return tx.insertInto('chat_channels').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function selectChatChannels(db: DbOrTx, f: { teamId?: string | undefined; enabledOnly?: boolean } = {}): Promise<ChatChannelView[]> {
  let q = withTeam(db);
  if (f.teamId) q = q.where('c.team_id', '=', f.teamId);
  if (f.enabledOnly) q = q.where('c.enabled', '=', true);
  return q.orderBy('c.created_at').orderBy('c.id').execute();
}

export async function selectChatChannel(db: DbOrTx, id: string): Promise<ChatChannelView | undefined> {
  return withTeam(db).where('c.id', '=', id).executeTakeFirst();
}

export async function selectChatChannelForUpdate(tx: Tx, id: string): Promise<ChatChannelRow | undefined> {
  return tx.selectFrom('chat_channels').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function updateChatChannelRow(tx: Tx, id: string, set: Updateable<ChatChannelsTable>): Promise<ChatChannelRow> {
  return tx.updateTable('chat_channels').set(set).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

export async function deleteChatChannelRow(tx: Tx, id: string): Promise<void> {
  await tx.deleteFrom('chat_channels').where('id', '=', id).execute();
}
