import { sql, type Updateable } from 'kysely';
import type { DbOrTx, Tx } from '../../db/client.js';
import type { DeliveriesTable, DeliveryRow } from '../../db/schema.js';

export type NewDelivery = {
  channel: DeliveryRow['channel'];
  target: string;
  incident_id: string | null;
  event_kind: string;
  payload: unknown;
  max_attempts: number;
  idempotency_key: string;
  created_by: string | null;
  at: Date;
};

/** Inserts a delivery unless its idempotency key exists; returns the new row or undefined. */
export async function insertDelivery(tx: Tx, d: NewDelivery): Promise<DeliveryRow | undefined> {
  return tx
    .insertInto('deliveries')
    .values({
      channel: d.channel,
      target: d.target,
      incident_id: d.incident_id,
      event_kind: d.event_kind,
      payload: JSON.stringify(d.payload),
      max_attempts: d.max_attempts,
      next_attempt_at: d.at,
      last_attempt_at: null,
      last_error: null,
      response_code: null,
      idempotency_key: d.idempotency_key,
      created_by: d.created_by,
      created_at: d.at,
      updated_at: d.at,
      delivered_at: null,
    })
    .onConflict((oc) => oc.column('idempotency_key').doNothing())
    .returningAll()
    .executeTakeFirst();
}

export async function selectDeliveryByKey(db: DbOrTx, key: string): Promise<DeliveryRow | undefined> {
  return db.selectFrom('deliveries').selectAll().where('idempotency_key', '=', key).executeTakeFirst();
}

export async function selectDelivery(db: DbOrTx, id: string, opts: { lock?: boolean } = {}): Promise<DeliveryRow | undefined> {
  const q = db.selectFrom('deliveries').selectAll().where('id', '=', id);
  return (opts.lock ? q.forUpdate() : q).executeTakeFirst();
}

/**
 * Takes attempt `attempt` of a delivery: a pending row whose previous attempt was attempt-1 moves to
 * sending; a row still sending under this attempt (its worker crashed mid-send) is taken again, as
 * nobody knows whether it went out. Anything else (delivered, failed, resent, a stale job) is not.
 */
export async function claimDeliveryAttempt(db: DbOrTx, id: string, attempt: number, now: Date): Promise<DeliveryRow | undefined> {
  return db
    .updateTable('deliveries')
    .set({ status: 'sending', attempts: attempt, last_attempt_at: now, updated_at: now })
    .where('id', '=', id)
    .where((eb) => eb.or([eb.and([eb('status', '=', 'pending'), eb('attempts', '=', attempt - 1)]), eb.and([eb('status', '=', 'sending'), eb('attempts', '=', attempt)])]))
    .returningAll()
    .executeTakeFirst();
}

/** Records the outcome of an attempt still held (sending, same attempt); undefined when it is no longer. */
export async function finishDeliveryAttempt(tx: Tx, id: string, attempt: number, set: Updateable<DeliveriesTable>): Promise<DeliveryRow | undefined> {
  return tx.updateTable('deliveries').set(set).where('id', '=', id).where('status', '=', 'sending').where('attempts', '=', attempt).returningAll().executeTakeFirst();
}

export async function updateDelivery(tx: Tx, id: string, set: Updateable<DeliveriesTable>): Promise<DeliveryRow> {
  return tx.updateTable('deliveries').set(set).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

export type DeliveryFilter = {
  channel?: DeliveryRow['channel'] | undefined;
  status?: DeliveryRow['status'] | undefined;
  incidentId?: string | undefined;
  target?: string | undefined;
  before?: { at: string; id: string } | undefined;
  limit: number;
};

/** The delivery log, newest first, keyset-paged on (created_at, id). */
export async function selectDeliveries(db: DbOrTx, f: DeliveryFilter): Promise<Array<DeliveryRow & { created_key: string }>> {
  let q = db
    .selectFrom('deliveries')
    .selectAll()
    .select(sql<string>`to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as('created_key'));
  if (f.channel) q = q.where('channel', '=', f.channel);
  if (f.status) q = q.where('status', '=', f.status);
  if (f.incidentId) q = q.where('incident_id', '=', f.incidentId);
  if (f.target) q = q.where('target', '=', f.target);
  if (f.before) q = q.where(sql<boolean>`(created_at, id) < (${f.before.at}::timestamptz, ${f.before.id}::uuid)`);
  return q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(f.limit).execute();
}
