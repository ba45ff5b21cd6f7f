import type { DbOrTx } from '../../db/client.js';

export type NewTimelineEvent = {
  incident_id: string;
  type: string;
  actor_id: string | null;
  visibility: 'internal' | 'public';
  data: Record<string, unknown>;
  created_at: Date;
};

export async function insertTimelineEvent(db: DbOrTx, e: NewTimelineEvent): Promise<number> {
  const row = await db
    .insertInto('timeline_events')
    .values({ ...e, data: JSON.stringify(e.data) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Events of one incident in order, with the actor's name. The caller has checked visibility of the incident. */
export async function selectTimeline(db: DbOrTx, incidentId: string, opts: { publicOnly: boolean; afterId?: number; limit: number }) {
  let q = db
    .selectFrom('timeline_events as e')
    .leftJoin('users as u', 'u.id', 'e.actor_id')
    .select(['e.id', 'e.incident_id', 'e.type', 'e.actor_id', 'u.name as actor_name', 'e.visibility', 'e.data', 'e.created_at'])
    .where('e.incident_id', '=', incidentId);
  if (opts.publicOnly) q = q.where('e.visibility', '=', 'public');
  if (opts.afterId !== undefined) q = q.where('e.id', '>', opts.afterId);
  return q.orderBy('e.id').limit(opts.limit).execute();
}
