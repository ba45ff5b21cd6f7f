import { sql } from 'kysely';
import type { DbOrTx, Tx } from '../../db/client.js';
import type { Actor } from '../../platform/context.js';
import { visibilityOfEntries } from './incident.visibility.js';

export type CommentView = {
  id: string;
  incident_id: string;
  author_id: string | null;
  author_name: string | null;
  body: string;
  visibility: 'internal' | 'public';
  created_at: Date;
  /** created_at as PostgreSQL prints it (microseconds kept), for the page cursor. */
  created_key: string;
};

export async function insertComment(tx: Tx, c: { incidentId: string; authorId: string | null; body: string; visibility: 'internal' | 'public'; at: Date }) {
  return tx
    .insertInto('comments')
    .values({ incident_id: c.incidentId, author_id: c.authorId, body: c.body, visibility: c.visibility, created_at: c.at })
    .returning(['id', 'incident_id', 'author_id', 'body', 'visibility', 'created_at'])
    .executeTakeFirstOrThrow();
}

/** Comments of one incident the actor may read, oldest first, after the (created_at, id) cursor. */
export async function selectComments(db: DbOrTx, actor: Actor, incidentId: string, opts: { after?: { at: string; id: string }; limit: number }): Promise<CommentView[]> {
  let q = db
    .selectFrom('comments as c')
    .leftJoin('users as u', 'u.id', 'c.author_id')
    .select(['c.id', 'c.incident_id', 'c.author_id', 'u.name as author_name', 'c.body', 'c.visibility', 'c.created_at', sql<string>`to_json(c.created_at)#>>'{}'`.as('created_key')])
    .where('c.incident_id', '=', incidentId)
    .where(visibilityOfEntries(actor, 'c'));
  if (opts.after) q = q.where(sql<boolean>`(c.created_at, c.id) > (${opts.after.at}::timestamptz, ${opts.after.id}::uuid)`);
  return q.orderBy('c.created_at').orderBy('c.id').limit(opts.limit).execute();
}
