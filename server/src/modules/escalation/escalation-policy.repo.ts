import type { EscalationLevel } from '@vigil/shared';
import type { Updateable } from 'kysely';
import type { DbOrTx, Tx } from '../../db/client.js';
import type { EscalationPoliciesTable, EscalationPolicyRow } from '../../db/schema.js';

export type NewPolicy = {
  team_id: string;
  name: string;
  description: string;
  levels: EscalationLevel[];
  repeat_count: number;
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
};

export async function insertPolicy(tx: Tx, row: NewPolicy): Promise<EscalationPolicyRow> {
  return tx
    .insertInto('escalation_policies')
    .values({ ...row, levels: JSON.stringify(row.levels) })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function selectPolicy(db: DbOrTx, id: string, opts: { lock?: boolean } = {}): Promise<EscalationPolicyRow | null> {
  let q = db.selectFrom('escalation_policies').selectAll().where('id', '=', id);
  if (opts.lock) q = q.forUpdate();
  return (await q.executeTakeFirst()) ?? null;
}

export async function selectPolicies(db: DbOrTx, filter: { teamId?: string | undefined }): Promise<EscalationPolicyRow[]> {
  let q = db.selectFrom('escalation_policies').selectAll();
  if (filter.teamId) q = q.where('team_id', '=', filter.teamId);
  return q.orderBy('name').orderBy('id').execute();
}

export async function updatePolicyRow(tx: Tx, id: string, set: Omit<Updateable<EscalationPoliciesTable>, 'levels'> & { levels?: EscalationLevel[] }): Promise<EscalationPolicyRow> {
  const { levels, ...rest } = set;
  return tx
    .updateTable('escalation_policies')
    .set({ ...rest, ...(levels ? { levels: JSON.stringify(levels) } : {}) })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function deletePolicyRow(tx: Tx, id: string): Promise<void> {
  await tx.deleteFrom('escalation_policies').where('id', '=', id).execute();
}

/** Whether another policy of the team has this name (names are unique per team, case-insensitively). */
export async function policyNameTaken(db: DbOrTx, teamId: string, name: string, exceptId?: string): Promise<boolean> {
  let q = db
    .selectFrom('escalation_policies')
    .select('id')
    .where('team_id', '=', teamId)
    .where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase()));
  if (exceptId) q = q.where('id', '<>', exceptId);
  return (await q.executeTakeFirst()) !== undefined;
}

/** Names of users, teams and schedules by id, for presenting targets; missing ids are absent. */
export async function selectTargetNames(db: DbOrTx, ids: { user: string[]; team: string[]; schedule: string[] }): Promise<Record<'user' | 'team' | 'schedule', Map<string, string>>> {
  const byIds = async (table: 'users' | 'teams', list: string[]) => {
    const unique = [...new Set(list)];
    if (unique.length === 0) return new Map<string, string>();
    const rows = await db.selectFrom(table).select(['id', 'name']).where('id', 'in', unique).execute();
    return new Map(rows.map((r) => [r.id, r.name]));
  };
  return { user: await byIds('users', ids.user), team: await byIds('teams', ids.team), schedule: await selectScheduleNames(db, ids.schedule) };
}

/** Active users among these ids. */
export async function selectActiveUserIds(db: DbOrTx, ids: readonly string[]): Promise<Set<string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Set();
  const rows = await db.selectFrom('users').select('id').where('id', 'in', unique).where('active', '=', true).execute();
  return new Set(rows.map((r) => r.id));
}

export async function selectExistingTeamIds(db: DbOrTx, ids: readonly string[]): Promise<Set<string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Set();
  const rows = await db.selectFrom('teams').select('id').where('id', 'in', unique).execute();
  return new Set(rows.map((r) => r.id));
}

/** Active members of a team. */
export async function selectActiveTeamMemberIds(db: DbOrTx, teamId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('team_members as tm')
    .innerJoin('users as u', 'u.id', 'tm.user_id')
    .select('u.id')
    .where('tm.team_id', '=', teamId)
    .where('u.active', '=', true)
    .orderBy('u.name')
    .orderBy('u.id')
    .execute();
  return rows.map((r) => r.id);
}

/** Names of on-call schedules by id (the schedules module owns the table; this only reads names). */
export async function selectScheduleNames(db: DbOrTx, ids: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db.selectFrom('schedules').select(['id', 'name']).where('id', 'in', unique).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}
