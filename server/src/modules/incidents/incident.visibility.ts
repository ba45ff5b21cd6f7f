import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely';
import type { DbOrTx } from '../../db/client.js';
import type { Actor } from '../../platform/context.js';

/**
 * The one visibility rule, as SQL over an `incidents` row under `alias`:
 * - admins, auditors, the system and the CLI see every incident;
 * - managers and agents see every non-restricted incident, and a restricted one when they are
 *   in its team or its type's default team, or are its assignee or reporter;
 * - reporters see the incidents they reported, and those they watch when the rule above would
 *   let them see a restricted one;
 * - nobody else sees anything.
 * Teams come from the actor (loaded with the session or token on every request).
 */
export function incidentVisibleTo(actor: Actor, alias = 'i'): RawBuilder<SqlBool> {
  if (actor.kind === 'system' || actor.kind === 'cli') return sql<SqlBool>`true`;
  if (!actor.userId || !actor.role) return sql<SqlBool>`false`;
  if (actor.role === 'admin' || actor.role === 'auditor') return sql<SqlBool>`true`;
  const col = (name: string) => sql.ref(`${alias}.${name}`);
  const me = actor.userId;
  const teams = actor.teamIds.length > 0 ? sql.join(actor.teamIds.map((t) => sql`${t}::uuid`)) : null;
  const inTeam = teams
    ? sql`(${col('team_id')} in (${teams}) or exists (select 1 from incident_types vt where vt.id = ${col('type_id')} and vt.default_team_id in (${teams})))`
    : sql`false`;
  const restrictedAccess = sql`(not ${col('restricted')} or ${col('assignee_id')} = ${me}::uuid or ${col('reporter_id')} = ${me}::uuid or ${inTeam})`;
  if (actor.role === 'manager' || actor.role === 'agent') return sql<SqlBool>`${restrictedAccess}`;
  // reporter
  return sql<SqlBool>`(${col('reporter_id')} = ${me}::uuid or (exists (select 1 from incident_watchers vw where vw.incident_id = ${col('id')} and vw.user_id = ${me}::uuid) and ${restrictedAccess}))`;
}

/** A subquery of the ids of every incident the actor may see, for `where incident_id in (...)` in other modules. */
export function visibleIncidentIds(db: DbOrTx, actor: Actor) {
  return db.selectFrom('incidents as i').select('i.id').where(incidentVisibleTo(actor, 'i'));
}

/** Whether the actor may see comments marked internal (reporters see the public ones only). */
export function seesInternal(actor: Actor): boolean {
  return actor.role !== 'reporter' && actor.kind !== 'anonymous';
}

/** Narrows a comments or timeline query under `alias` to what the actor may read. */
export function visibilityOfEntries(actor: Actor, alias: string): Expression<SqlBool> {
  return seesInternal(actor) ? sql<SqlBool>`true` : sql<SqlBool>`${sql.ref(`${alias}.visibility`)} = 'public'`;
}
