import type { Role } from '@vigil/shared';
import type { Insertable, Updateable } from 'kysely';
import type { DbOrTx, Tx } from '../../db/client.js';
import type { RoutingRuleRow, RoutingRulesTable } from '../../db/schema.js';
import type { Actor } from '../../platform/context.js';
import { incidentVisibleTo } from '../incidents/index.js';

/** A rule row with its type's key (null for global rules). */
export type RuleWithType = RoutingRuleRow & { type_key: string | null };

function rulesQuery(db: DbOrTx) {
  return db.selectFrom('routing_rules as r').leftJoin('incident_types as t', 't.id', 'r.type_id').selectAll('r').select('t.key as type_key');
}

/** Every rule in evaluation order (position, then id); with `enabledOnly`, the ones the reactor runs. */
export async function selectRules(db: DbOrTx, opts: { enabledOnly?: boolean } = {}): Promise<RuleWithType[]> {
  let q = rulesQuery(db).orderBy('r.position').orderBy('r.id');
  if (opts.enabledOnly) q = q.where('r.enabled', '=', true);
  return q.execute();
}

export async function selectRuleById(db: DbOrTx, id: string): Promise<RuleWithType | null> {
  return (await rulesQuery(db).where('r.id', '=', id).executeTakeFirst()) ?? null;
}

/** Locks one rule for a change. */
export async function selectRuleForUpdate(tx: Tx, id: string): Promise<RoutingRuleRow | null> {
  return (await tx.selectFrom('routing_rules').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()) ?? null;
}

/** Locks every rule (reorder), in evaluation order. */
export async function selectAllRulesForUpdate(tx: Tx): Promise<RoutingRuleRow[]> {
  return tx.selectFrom('routing_rules').selectAll().orderBy('position').orderBy('id').forUpdate().execute();
}

export async function nextRulePosition(tx: Tx): Promise<number> {
  const row = await tx.selectFrom('routing_rules').select((eb) => eb.fn.max<number | null>('position').as('max')).executeTakeFirst();
  return (row?.max ?? 0) + 1;
}

export async function insertRule(tx: Tx, row: Insertable<RoutingRulesTable>): Promise<RoutingRuleRow> {
  return tx.insertInto('routing_rules').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function updateRuleRow(tx: Tx, id: string, set: Updateable<RoutingRulesTable>): Promise<RoutingRuleRow> {
  return tx.updateTable('routing_rules').set(set).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

export async function deleteRuleRow(tx: Tx, id: string): Promise<void> {
  await tx.deleteFrom('routing_rules').where('id', '=', id).execute();
}

/** Ids of the rules applied to this incident before. */
export async function selectAppliedRuleIds(db: DbOrTx, incidentId: string): Promise<Set<string>> {
  const rows = await db.selectFrom('routing_applications').select('rule_id').where('incident_id', '=', incidentId).execute();
  return new Set(rows.map((r) => r.rule_id));
}

export async function insertApplication(tx: Tx, incidentId: string, ruleId: string, ruleVersion: number, at: Date): Promise<void> {
  await tx
    .insertInto('routing_applications')
    .values({ incident_id: incidentId, rule_id: ruleId, rule_version: ruleVersion, applied_at: at })
    .onConflict((oc) => oc.columns(['incident_id', 'rule_id']).doNothing())
    .execute();
}

/** Of these team ids, the ones that exist. */
export async function selectExistingTeamIds(db: DbOrTx, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.selectFrom('teams').select('id').where('id', 'in', [...new Set(ids)]).execute();
  return new Set(rows.map((r) => r.id));
}

export type RoutingPerson = { id: string; name: string; role: Role; active: boolean; teamIds: string[] };

/** Users by id with role, state and teams; unknown ids are absent. */
export async function selectRoutingPeople(db: DbOrTx, ids: readonly string[]): Promise<Map<string, RoutingPerson>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const users = await db.selectFrom('users').select(['id', 'name', 'role', 'active']).where('id', 'in', unique).execute();
  const memberships = await db.selectFrom('team_members').select(['user_id', 'team_id']).where('user_id', 'in', unique).execute();
  return new Map(users.map((u) => [u.id, { ...u, teamIds: memberships.filter((m) => m.user_id === u.id).map((m) => m.team_id) }]));
}

/** Active members of these teams. */
export async function selectActiveTeamMemberIds(db: DbOrTx, teamIds: readonly string[]): Promise<string[]> {
  if (teamIds.length === 0) return [];
  const rows = await db
    .selectFrom('team_members as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select('u.id')
    .distinct()
    .where('m.team_id', 'in', [...new Set(teamIds)])
    .where('u.active', '=', true)
    .orderBy('u.id')
    .execute();
  return rows.map((r) => r.id);
}

/** Whether the actor may see the incident, by the one visibility rule. */
export async function incidentVisibleFor(db: DbOrTx, actor: Actor, incidentId: string): Promise<boolean> {
  const row = await db.selectFrom('incidents as i').select('i.id').where('i.id', '=', incidentId).where(incidentVisibleTo(actor, 'i')).executeTakeFirst();
  return row !== undefined;
}

/** Ids of every incident type, for checking references of global rules. */
export async function selectAllTypeIds(db: DbOrTx): Promise<string[]> {
  const rows = await db.selectFrom('incident_types').select('id').orderBy('key').execute();
  return rows.map((r) => r.id);
}

/** Of these escalation policy ids, the ones that exist. */
export async function selectExistingPolicyIds(db: DbOrTx, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.selectFrom('escalation_policies').select('id').where('id', 'in', [...new Set(ids)]).execute();
  return new Set(rows.map((r) => r.id));
}
