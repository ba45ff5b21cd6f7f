import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import type { DbOrTx, Tx } from '../../db/client.js';
import type { PortalReportsTable, PublicReportLinksTable } from '../../db/schema.js';

export type LinkRow = Selectable<PublicReportLinksTable> & { created_by_name: string | null };

const linkColumns = ['l.id', 'l.type_id', 'l.slug', 'l.enabled', 'l.created_by', 'l.created_at', 'l.updated_at', 'u.name as created_by_name'] as const;

export async function selectLinks(db: DbOrTx): Promise<LinkRow[]> {
  return db.selectFrom('public_report_links as l').leftJoin('users as u', 'u.id', 'l.created_by').select(linkColumns).execute();
}

export async function selectLinkByType(db: DbOrTx, typeId: string, opts: { lock?: boolean } = {}): Promise<LinkRow | undefined> {
  let q = db.selectFrom('public_report_links as l').leftJoin('users as u', 'u.id', 'l.created_by').select(linkColumns).where('l.type_id', '=', typeId);
  if (opts.lock) q = q.forUpdate('l');
  return q.executeTakeFirst();
}

/** The enabled link with this slug whose type is still active. */
export async function selectOpenLinkBySlug(db: DbOrTx, slug: string): Promise<Selectable<PublicReportLinksTable> | undefined> {
  return db
    .selectFrom('public_report_links as l')
    .innerJoin('incident_types as t', 't.id', 'l.type_id')
    .selectAll('l')
    .where('l.slug', '=', slug)
    .where('l.enabled', '=', true)
    .where('t.active', '=', true)
    .executeTakeFirst();
}

export async function slugInUse(db: DbOrTx, slug: string, exceptId?: string): Promise<boolean> {
  let q = db.selectFrom('public_report_links').select('id').where('slug', '=', slug);
  if (exceptId) q = q.where('id', '<>', exceptId);
  return (await q.executeTakeFirst()) !== undefined;
}

export async function insertLink(tx: Tx, row: Insertable<PublicReportLinksTable>): Promise<string> {
  return (await tx.insertInto('public_report_links').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updateLink(tx: Tx, id: string, set: Updateable<PublicReportLinksTable>): Promise<void> {
  await tx.updateTable('public_report_links').set(set).where('id', '=', id).execute();
}

/** Marks a challenge nonce as spent; false when it was spent before. Prunes a few long-expired ones on the way. */
export async function spendChallenge(db: DbOrTx, nonce: string, expiresAt: Date, now: Date): Promise<boolean> {
  await db
    .deleteFrom('portal_spent_challenges')
    .where('nonce', 'in', (eb) => eb.selectFrom('portal_spent_challenges').select('nonce').where('expires_at', '<', now).limit(50))
    .execute();
  const row = await db
    .insertInto('portal_spent_challenges')
    .values({ nonce, expires_at: expiresAt })
    .onConflict((oc) => oc.column('nonce').doNothing())
    .returning('nonce')
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Counts one hit against a key in a fixed window, in one statement so concurrent hits all count;
 * returns the hits in the current window and when it started.
 */
export async function countHit(db: DbOrTx, key: string, now: Date, windowSeconds: number): Promise<{ hits: number; windowStartedAt: Date }> {
  const windowStart = new Date(now.getTime() - windowSeconds * 1000);
  const stale = sql<boolean>`portal_throttle.window_started_at <= ${windowStart}`;
  const row = await db
    .insertInto('portal_throttle')
    .values({ key, hits: 1, window_started_at: now })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        hits: sql`case when ${stale} then 1 else portal_throttle.hits + 1 end`,
        window_started_at: sql`case when ${stale} then ${now}::timestamptz else portal_throttle.window_started_at end`,
      }),
    )
    .returning(['hits', 'window_started_at'])
    .executeTakeFirstOrThrow();
  await db
    .deleteFrom('portal_throttle')
    .where('key', 'in', (eb) => eb.selectFrom('portal_throttle').select('key').where('window_started_at', '<=', new Date(windowStart.getTime() - windowSeconds * 1000)).limit(50))
    .execute();
  return { hits: row.hits, windowStartedAt: new Date(row.window_started_at) };
}

export async function insertPortalReport(tx: Tx, row: Insertable<PortalReportsTable>): Promise<void> {
  await tx.insertInto('portal_reports').values(row).execute();
}

/** The guest's incident by the hash of its status token. */
export async function selectReportByTokenHash(db: DbOrTx, tokenHash: string) {
  return db
    .selectFrom('portal_reports as r')
    .innerJoin('incidents as i', 'i.id', 'r.incident_id')
    .select(['i.id', 'i.number', 'i.title', 'i.type_id', 'i.state', 'i.state_category', 'i.created_at', 'i.updated_at'])
    .where('r.status_token_hash', '=', tokenHash)
    .executeTakeFirst();
}

/** The public comments of an incident, oldest first: all a guest may read of its handling. */
export async function selectPublicComments(db: DbOrTx, incidentId: string, limit: number) {
  return db
    .selectFrom('comments')
    .select(['id', 'body', 'created_at'])
    .where('incident_id', '=', incidentId)
    .where('visibility', '=', 'public')
    .orderBy('created_at')
    .orderBy('id')
    .limit(limit)
    .execute();
}
