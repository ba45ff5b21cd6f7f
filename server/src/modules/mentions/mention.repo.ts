import { sql } from 'kysely';
import type { DbOrTx } from '../../db/client.js';

/** Active users whose `@name` occurs in the text (the exact boundary is checked by mentionedNames). */
export async function selectUsersNamedIn(db: DbOrTx, text: string): Promise<Array<{ id: string; name: string; role: string }>> {
  if (!text.includes('@')) return [];
  return db
    .selectFrom('users')
    .select(['id', 'name', 'role'])
    .where('active', '=', true)
    .where(sql<number>`position(lower('@' || name) in lower(${text}))`, '>', 0)
    .limit(50)
    .execute();
}

export async function selectCommentBody(db: DbOrTx, commentId: string): Promise<{ body: string; visibility: string } | undefined> {
  return db.selectFrom('comments').select(['body', 'visibility']).where('id', '=', commentId).executeTakeFirst();
}

export async function selectUserName(db: DbOrTx, userId: string): Promise<string | null> {
  return (await db.selectFrom('users').select('name').where('id', '=', userId).executeTakeFirst())?.name ?? null;
}
