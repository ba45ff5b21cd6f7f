import { sql, type Updateable } from 'kysely';
import type { DbOrTx, Tx } from '../../db/client.js';
import type { EscalationRow, EscalationsTable } from '../../db/schema.js';

export type EscalationSnapshot = EscalationRow['snapshot'];

export type NewEscalation = {
  incident_id: string;
  policy_id: string;
  snapshot: EscalationSnapshot;
  token: string;
  next_step_at: Date;
  reason: string;
  team_id: string | null;
  assignee_id: string | null;
  started_by: string | null;
  started_at: Date;
  updated_at: Date;
};

/** Inserts a running escalation; null when this policy already runs on the incident (the partial unique index decides). */
export async function insertEscalation(tx: Tx, row: NewEscalation): Promise<EscalationRow | null> {
  const inserted = await tx
    .insertInto('escalations')
    .values({ ...row, snapshot: JSON.stringify(row.snapshot), stopped_at: null, stop_reason: null })
    .onConflict((oc) => oc.columns(['incident_id', 'policy_id']).where('state', '=', 'running').doNothing())
    .returningAll()
    .executeTakeFirst();
  return inserted ?? null;
}

/** One escalation, locked for the rest of the transaction: a step and a stop never interleave. */
export async function selectEscalationForUpdate(tx: Tx, id: string): Promise<EscalationRow | null> {
  return (await tx.selectFrom('escalations').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()) ?? null;
}

/** The running escalations of an incident, locked, oldest first. */
export async function selectRunningEscalationsForUpdate(tx: Tx, incidentId: string): Promise<EscalationRow[]> {
  return tx.selectFrom('escalations').selectAll().where('incident_id', '=', incidentId).where('state', '=', 'running').orderBy('started_at').orderBy('id').forUpdate().execute();
}

export async function updateEscalationRow(tx: Tx, id: string, set: Omit<Updateable<EscalationsTable>, 'snapshot'>): Promise<EscalationRow> {
  return tx.updateTable('escalations').set(set).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

/** Records who was paged at a level and pass; returns the users not recorded before (each is paged at most once there). */
export async function insertPages(tx: Tx, escalationId: string, level: number, repeat: number, userIds: readonly string[], at: Date): Promise<string[]> {
  if (userIds.length === 0) return [];
  const rows = await tx
    .insertInto('escalation_pages')
    .values(userIds.map((user_id) => ({ escalation_id: escalationId, level, repeat, user_id, paged_at: at })))
    .onConflict((oc) => oc.columns(['escalation_id', 'level', 'repeat', 'user_id']).doNothing())
    .returning('user_id')
    .execute();
  const fresh = new Set(rows.map((r) => r.user_id));
  return userIds.filter((id) => fresh.has(id));
}

export type EscalationView = EscalationRow & { started_by_name: string | null };
export type PageView = { escalation_id: string; level: number; repeat: number; user_id: string; user_name: string; paged_at: Date };

/** The escalations of an incident, newest first, with their pages; the caller has checked that the incident is visible. */
export async function selectEscalationsOfIncident(db: DbOrTx, incidentId: string): Promise<{ escalations: EscalationView[]; pages: PageView[] }> {
  const escalations = await db
    .selectFrom('escalations as e')
    .leftJoin('users as u', 'u.id', 'e.started_by')
    .selectAll('e')
    .select('u.name as started_by_name')
    .where('e.incident_id', '=', incidentId)
    .orderBy('e.started_at', 'desc')
    .orderBy('e.id', 'desc')
    .execute();
  return { escalations, pages: await selectPages(db, escalations.map((e) => e.id)) };
}

export async function selectEscalationView(db: DbOrTx, id: string): Promise<{ escalation: EscalationView; pages: PageView[] } | null> {
  const escalation = await db
    .selectFrom('escalations as e')
    .leftJoin('users as u', 'u.id', 'e.started_by')
    .selectAll('e')
    .select('u.name as started_by_name')
    .where('e.id', '=', id)
    .executeTakeFirst();
  if (!escalation) return null;
  return { escalation, pages: await selectPages(db, [id]) };
}

async function selectPages(db: DbOrTx, escalationIds: readonly string[]): Promise<PageView[]> {
  if (escalationIds.length === 0) return [];
  return db
    .selectFrom('escalation_pages as p')
    .innerJoin('users as u', 'u.id', 'p.user_id')
    .select(['p.escalation_id', 'p.level', 'p.repeat', 'p.user_id', 'u.name as user_name', 'p.paged_at'])
    .where('p.escalation_id', 'in', [...escalationIds])
    .orderBy('p.paged_at')
    .orderBy('p.level')
    .orderBy('u.name')
    .execute();
}

export async function selectUserNames(db: DbOrTx, ids: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db.selectFrom('users').select(['id', 'name']).where('id', 'in', unique).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Records that an acknowledge link was used; false when it was used before. Spent records past their expiry are pruned on the way. */
export async function insertAckLinkUse(tx: Tx, row: { token_hash: string; incident_id: string; user_id: string; used_at: Date; expires_at: Date }): Promise<boolean> {
  await tx.deleteFrom('ack_link_uses').where('expires_at', '<', row.used_at).execute();
  const inserted = await tx.insertInto('ack_link_uses').values(row).onConflict((oc) => oc.column('token_hash').doNothing()).returning('token_hash').executeTakeFirst();
  return inserted !== undefined;
}

export async function ackLinkUsed(db: DbOrTx, tokenHash: string): Promise<boolean> {
  return (await db.selectFrom('ack_link_uses').select('token_hash').where('token_hash', '=', tokenHash).executeTakeFirst()) !== undefined;
}

export async function deleteAckLinkUse(db: DbOrTx, tokenHash: string): Promise<void> {
  await db.deleteFrom('ack_link_uses').where('token_hash', '=', tokenHash).execute();
}

/** What the link pages show and check of a person: name, whether active, role and teams (for visibility). */
export async function selectLinkUser(db: DbOrTx, id: string) {
  return db
    .selectFrom('users as u')
    .select(['u.id', 'u.name', 'u.role', 'u.active', 'u.locale'])
    .select(sql<string[]>`array(select tm.team_id::text from team_members tm where tm.user_id = u.id order by tm.team_id)`.as('team_ids'))
    .where('u.id', '=', id)
    .executeTakeFirst();
}
