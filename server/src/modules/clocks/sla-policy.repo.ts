import type { DbOrTx, Tx } from '../../db/client.js';
import type { CalendarRow, Priority, SlaPolicyRow } from '../../db/schema.js';

export type SlaPolicyValues = Pick<SlaPolicyRow, 'acknowledge_ms' | 'resolve_ms' | 'first_update_ms' | 'calendar_id' | 'warn_percent'> & { breach_actions: Record<string, unknown> };

const columns = (v: Partial<SlaPolicyValues>) => {
  const { breach_actions, ...rest } = v;
  return { ...rest, ...(breach_actions !== undefined ? { breach_actions: JSON.stringify(breach_actions) } : {}) };
};

/** Policies with their type and calendar names, by type and priority; optionally of one type. */
export async function selectPolicies(db: DbOrTx, opts: { typeId?: string } = {}) {
  let q = db
    .selectFrom('sla_policies as p')
    .innerJoin('incident_types as t', 't.id', 'p.type_id')
    .leftJoin('calendars as c', 'c.id', 'p.calendar_id')
    .selectAll('p')
    .select(['t.key as type_key', 't.name as type_name', 'c.name as calendar_name'])
    .orderBy('t.key')
    .orderBy('p.priority');
  if (opts.typeId) q = q.where('p.type_id', '=', opts.typeId);
  return q.execute();
}

export async function selectPolicy(db: DbOrTx, id: string, opts: { lock?: boolean } = {}) {
  let q = db
    .selectFrom('sla_policies as p')
    .innerJoin('incident_types as t', 't.id', 'p.type_id')
    .leftJoin('calendars as c', 'c.id', 'p.calendar_id')
    .selectAll('p')
    .select(['t.key as type_key', 't.name as type_name', 'c.name as calendar_name'])
    .where('p.id', '=', id);
  if (opts.lock) q = q.forUpdate('p');
  return (await q.executeTakeFirst()) ?? null;
}

/** The policy of a type and priority with its calendar (null calendar: 24x7), or null when there is none. */
export async function selectPolicyFor(db: DbOrTx, typeId: string, priority: Priority): Promise<{ policy: SlaPolicyRow; calendar: CalendarRow | null } | null> {
  const policy = await db.selectFrom('sla_policies').selectAll().where('type_id', '=', typeId).where('priority', '=', priority).executeTakeFirst();
  if (!policy) return null;
  const calendar = policy.calendar_id ? ((await db.selectFrom('calendars').selectAll().where('id', '=', policy.calendar_id).executeTakeFirst()) ?? null) : null;
  return { policy, calendar };
}

export async function insertPolicy(tx: Tx, row: SlaPolicyValues & { type_id: string; priority: Priority; created_at: Date; updated_at: Date }): Promise<SlaPolicyRow> {
  const { breach_actions, ...rest } = row;
  return tx.insertInto('sla_policies').values({ ...rest, breach_actions: JSON.stringify(breach_actions) }).returningAll().executeTakeFirstOrThrow();
}

export async function updatePolicyRow(tx: Tx, id: string, set: Partial<SlaPolicyValues>, version: number, at: Date): Promise<SlaPolicyRow> {
  return tx.updateTable('sla_policies').set({ ...columns(set), version, updated_at: at }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

export async function deletePolicyRow(tx: Tx, id: string): Promise<void> {
  await tx.deleteFrom('sla_policies').where('id', '=', id).execute();
}

/** The id of an incident type by id or key. */
export async function selectTypeId(db: DbOrTx, idOrKey: string): Promise<string | null> {
  const isUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(idOrKey);
  const row = await db
    .selectFrom('incident_types')
    .select('id')
    .where(isUuid ? 'id' : 'key', '=', isUuid ? idOrKey.toLowerCase() : idOrKey)
    .executeTakeFirst();
  return row?.id ?? null;
}

export async function usersExist(db: DbOrTx, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.selectFrom('users').select('id').where('id', 'in', [...new Set(ids)]).execute();
  return new Set(rows.map((r) => r.id));
}

export async function teamsExist(db: DbOrTx, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.selectFrom('teams').select('id').where('id', 'in', [...new Set(ids)]).execute();
  return new Set(rows.map((r) => r.id));
}
