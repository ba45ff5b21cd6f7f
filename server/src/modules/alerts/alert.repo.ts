import { sql, type Insertable, type Updateable } from 'kysely';
import type { DbOrTx, Tx } from '../../db/client.js';
import type { AlertEventRow, AlertHistoryTable, AlertRow, AlertsTable } from '../../db/schema.js';

/**
 * Stores one inbound event and queues the job that processes it, in one statement (so in one
 * transaction, with one round trip on the request path); returns the event's id.
 */
export async function insertAlertEventWithJob(
  db: DbOrTx,
  e: { integrationId: string; kind: 'alert' | 'change'; streamKey: string; payload: string; sourceIp: string | null; userAgent: string | null; receivedAt: Date },
  job: { name: string; maxAttempts: number },
): Promise<number> {
  const r = await sql<{ id: number }>`
    with e as (
      insert into alert_events (integration_id, kind, stream_key, payload, source_ip, user_agent, received_at)
      values (${e.integrationId}::uuid, ${e.kind}, ${e.streamKey}, ${e.payload}::jsonb, ${e.sourceIp}, ${e.userAgent}, ${e.receivedAt}::timestamptz)
      returning id
    )
    insert into jobs (name, payload, run_at, max_attempts, created_at)
    select ${job.name}, jsonb_build_object('eventId', e.id), ${e.receivedAt}::timestamptz, ${job.maxAttempts}, ${e.receivedAt}::timestamptz from e
    returning (payload->>'eventId')::bigint as id`.execute(db);
  return Number(r.rows[0]!.id);
}

export async function selectAlertEvent(db: DbOrTx, id: number): Promise<AlertEventRow | undefined> {
  return db.selectFrom('alert_events').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * Serialises the processing of one stream (integration + group key) across workers and processes,
 * until the transaction ends. Two streams whose hashes collide only wait for each other.
 */
export async function lockStream(tx: Tx, integrationId: string, streamKey: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`alerts:${integrationId}:${streamKey}`}, 0))`.execute(tx);
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
