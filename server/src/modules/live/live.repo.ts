import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { DbOrTx } from '../../db/client.js';
import type { Actor } from '../../platform/context.js';
import { incidentVisibleTo, seesInternal } from '../incidents/index.js';

export type LiveEventRow = { id: number; incident_id: string; number: string; type: string; created_at: Date };

/** Whether the actor may read the timeline event `e` of incident `i`: the incident's visibility, and public events only for reporters. */
function readableBy(actor: Actor): RawBuilder<SqlBool> {
  const incident = incidentVisibleTo(actor, 'i');
  return seesInternal(actor) ? incident : sql<SqlBool>`(${incident} and e.visibility = 'public')`;
}

/**
 * The timeline events among `ids`, in id order, each with one flag per audience saying whether that
 * audience may read it: one statement for a whole batch of subscribers.
 */
export async function selectEventsForAudiences(db: DbOrTx, ids: readonly number[], audiences: readonly Actor[]): Promise<Array<LiveEventRow & { readable: boolean[] }>> {
  if (ids.length === 0 || audiences.length === 0) return [];
  let q = db
    .selectFrom('timeline_events as e')
    .innerJoin('incidents as i', 'i.id', 'e.incident_id')
    .select(['e.id', 'e.incident_id', 'i.number', 'e.type', 'e.created_at'])
    .where(sql<SqlBool>`e.id in (${sql.join(ids.map((id) => sql`${id}::bigint`))})`);
  audiences.forEach((actor, n) => {
    q = q.select(sql<boolean>`coalesce(${readableBy(actor)}, false)`.as(`r${n}`));
  });
  const rows = (await q.orderBy('e.id').execute()) as Array<LiveEventRow & Record<string, unknown>>;
  return rows.map((r) => ({
    id: r.id,
    incident_id: r.incident_id,
    number: r.number,
    type: r.type,
    created_at: r.created_at,
    readable: audiences.map((_, n) => r[`r${n}`] === true),
  }));
}

/** The events after `afterId` the actor may read, oldest first. */
export async function selectReadableEventsAfter(db: DbOrTx, actor: Actor, afterId: number, limit: number): Promise<LiveEventRow[]> {
  return db
    .selectFrom('timeline_events as e')
    .innerJoin('incidents as i', 'i.id', 'e.incident_id')
    .select(['e.id', 'e.incident_id', 'i.number', 'e.type', 'e.created_at'])
    .where('e.id', '>', afterId)
    .where(readableBy(actor))
    .orderBy('e.id')
    .limit(limit)
    .execute();
}

/** The id of the latest timeline event, 0 when there is none. */
export async function selectLatestEventId(db: DbOrTx): Promise<number> {
  const row = await db.selectFrom('timeline_events').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst();
  return row?.id ? Number(row.id) : 0;
}
