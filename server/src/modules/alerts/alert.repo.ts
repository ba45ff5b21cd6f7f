import { sql, type Insertable, type Updateable } from 'kysely';
import type { DbOrTx, Tx } from '../../db/client.js';
import type { AlertEventRow, AlertHistoryTable, AlertRow, AlertsTable } from '../../db/schema.js';

export type NewAlertEvent = {
  integrationId: string;
  kind: 'alert' | 'change';
  streamKey: string;
  /** JSON text of the stored body. */
  payload: string;
  sourceIp: string | null;
  userAgent: string | null;
  receivedAt: Date;
};

/**
 * Stores inbound events and queues one processing job for each, in one statement (one transaction,
 * one round trip); returns the event ids in the order of `events`. Identity values are drawn in
 * insertion order, which follows the order of the unnested arrays, so sorting the ids restores it.
 */
export async function insertAlertEventsWithJobs(db: DbOrTx, events: readonly NewAlertEvent[], job: { name: string; maxAttempts: number }): Promise<number[]> {
  const col = <K extends keyof NewAlertEvent>(k: K) => events.map((e) => e[k]);
  const r = await sql<{ id: number }>`
    with e as (
      insert into alert_events (integration_id, kind, stream_key, payload, source_ip, user_agent, received_at)
      select integration_id, kind, stream_key, payload::jsonb, source_ip, user_agent, received_at
        from unnest(${col('integrationId')}::uuid[], ${col('kind')}::text[], ${col('streamKey')}::text[], ${col('payload')}::text[],
                    ${col('sourceIp')}::text[], ${col('userAgent')}::text[], ${col('receivedAt')}::timestamptz[])
             as t(integration_id, kind, stream_key, payload, source_ip, user_agent, received_at)
      returning id, received_at
    ),
    j as (
      insert into jobs (name, payload, run_at, max_attempts, created_at)
      select ${job.name}, jsonb_build_object('eventId', e.id), e.received_at, ${job.maxAttempts}, e.received_at from e
    )
    select id from e`.execute(db);
  const ids = r.rows.map((row) => Number(row.id)).sort((a, b) => a - b);
  if (ids.length !== events.length) throw new Error(`stored ${ids.length} of ${events.length} alert events`);
  return ids;
}

export async function selectAlertEvent(db: DbOrTx, id: number): Promise<AlertEventRow | undefined> {
  return db.selectFrom('alert_events').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * Takes the lock that serialises the processing of one stream (integration + stream key) across
 * workers and processes until the transaction ends, if no other transaction holds it; false if one
 * does. Two streams whose hashes collide only wait for each other.
 */
export async function tryLockStream(tx: Tx, integrationId: string, streamKey: string): Promise<boolean> {
  const r = await sql<{ locked: boolean }>`select pg_try_advisory_xact_lock(hashtextextended(${`alerts:${integrationId}:${streamKey}`}, 0)) as locked`.execute(tx);
  return r.rows[0]?.locked === true;
}

/** Pending events of one stream up to and including `uptoId`, oldest first (arrival order). */
export async function selectPendingStreamEvents(tx: Tx, integrationId: string, streamKey: string, uptoId: number, limit: number): Promise<AlertEventRow[]> {
  return tx
    .selectFrom('alert_events')
    .selectAll()
    .where('integration_id', '=', integrationId)
    .where('stream_key', '=', streamKey)
    .where('status', '=', 'pending')
    .where('id', '<=', uptoId)
    .orderBy('id')
    .limit(limit)
    .execute();
}

export async function markAlertEvent(db: DbOrTx, id: number, set: { status: 'processed' | 'failed'; processed_at: Date; outcome: string | null; error: string | null }): Promise<void> {
  await db.updateTable('alert_events').set(set).where('id', '=', id).execute();
}

export async function selectAlertEvents(
  db: DbOrTx,
  integrationId: string,
  q: { kind?: 'alert' | 'change' | undefined; status?: 'pending' | 'processed' | 'failed' | undefined; before?: number | undefined; limit: number },
): Promise<AlertEventRow[]> {
  let query = db.selectFrom('alert_events').selectAll().where('integration_id', '=', integrationId);
  if (q.kind) query = query.where('kind', '=', q.kind);
  if (q.status) query = query.where('status', '=', q.status);
  if (q.before) query = query.where('id', '<', q.before);
  return query.orderBy('id', 'desc').limit(q.limit).execute();
}

/** The open (not resolved) alert of an integration with this dedup key, locked. */
export async function selectOpenAlert(tx: Tx, integrationId: string, dedupKey: string): Promise<AlertRow | undefined> {
  return tx
    .selectFrom('alerts')
    .selectAll()
    .where('integration_id', '=', integrationId)
    .where('dedup_key', '=', dedupKey)
    .where('status', '<>', 'resolved')
    .forUpdate()
    .executeTakeFirst();
}

/**
 * Inserts an open alert unless one is open for its dedup key already (the unique partial index
 * decides, also between concurrent transactions); undefined when it was.
 */
export async function insertOpenAlert(tx: Tx, row: Insertable<AlertsTable>): Promise<AlertRow | undefined> {
  return tx
    .insertInto('alerts')
    .values(row)
    .onConflict((oc) => oc.columns(['integration_id', 'dedup_key']).where('status', '<>', 'resolved').doNothing())
    .returningAll()
    .executeTakeFirst();
}

export async function updateAlertRow(tx: Tx, id: string, set: Updateable<AlertsTable>): Promise<AlertRow> {
  return tx.updateTable('alerts').set(set).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

export async function insertAlertHistory(tx: Tx, rows: Array<Insertable<AlertHistoryTable>>): Promise<void> {
  if (rows.length > 0) await tx.insertInto('alert_history').values(rows).execute();
}

/** Open alerts of a group, locked, oldest first. */
export async function selectOpenAlertsOfGroup(tx: Tx, integrationId: string, groupKey: string): Promise<AlertRow[]> {
  return tx
    .selectFrom('alerts')
    .selectAll()
    .where('integration_id', '=', integrationId)
    .where('group_key', '=', groupKey)
    .where('status', '<>', 'resolved')
    .orderBy('created_at')
    .orderBy('id')
    .forUpdate()
    .execute();
}

/**
 * The incident the group's alerts currently open into: that of the group's latest alert with an
 * incident, while the incident is neither resolved, closed nor merged.
 */
export async function selectGroupIncidentId(tx: Tx, integrationId: string, groupKey: string): Promise<string | null> {
  const row = await tx
    .selectFrom('alerts as a')
    .innerJoin('incidents as i', 'i.id', 'a.incident_id')
    .select(['i.id', 'i.state_category', 'i.merged_into_id'])
    .where('a.integration_id', '=', integrationId)
    .where('a.group_key', '=', groupKey)
    .orderBy('a.created_at', 'desc')
    .orderBy('a.id', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!row || row.merged_into_id || row.state_category === 'resolved' || row.state_category === 'closed') return null;
  return row.id;
}

/** Whether any alert linked to the incident is still open. */
export async function incidentHasOpenAlerts(tx: Tx, incidentId: string): Promise<boolean> {
  const row = await tx.selectFrom('alerts').select('id').where('incident_id', '=', incidentId).where('status', '<>', 'resolved').limit(1).executeTakeFirst();
  return row !== undefined;
}

/** Open incidents (new, active, waiting, not merged) that alerts of this integration opened, at most `limit`. */
export async function selectOpenIncidentIdsOfIntegration(tx: Tx, integrationId: string, limit: number): Promise<string[]> {
  const rows = await tx
    .selectFrom('alerts as a')
    .innerJoin('incidents as i', 'i.id', 'a.incident_id')
    .select('i.id')
    .distinct()
    .where('a.integration_id', '=', integrationId)
    .where('i.state_category', 'in', ['new', 'active', 'waiting'])
    .where('i.merged_into_id', 'is', null)
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}
