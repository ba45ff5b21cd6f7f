import type { DbOrTx } from '../../db/client.js';

/** How many incidents the instance holds (the seed only fills an empty one unless forced). */
export async function countIncidents(db: DbOrTx): Promise<number> {
  const row = await db.selectFrom('incidents').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Users with these e-mail addresses (case-insensitive), keyed by the lower-cased address. */
export async function selectUsersByEmail(db: DbOrTx, emails: readonly string[]): Promise<Map<string, { id: string; role: string }>> {
  if (emails.length === 0) return new Map();
  const lower = emails.map((e) => e.toLowerCase());
  const rows = await db
    .selectFrom('users')
    .select(['id', 'email', 'role'])
    .where((eb) => eb(eb.fn('lower', ['email']), 'in', lower))
    .execute();
  return new Map(rows.map((r) => [r.email.toLowerCase(), { id: r.id, role: r.role }]));
}

/** Team ids of each of these users. */
export async function selectTeamIdsOf(db: DbOrTx, userIds: readonly string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>(userIds.map((id) => [id, []]));
  if (userIds.length === 0) return out;
  const rows = await db.selectFrom('team_members').select(['user_id', 'team_id']).where('user_id', 'in', [...userIds]).execute();
  for (const r of rows) out.get(r.user_id)?.push(r.team_id);
  return out;
}

/** Incidents by id with their type key and state, for the summary. */
export async function selectIncidentStates(db: DbOrTx, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('incidents as i')
    .innerJoin('incident_types as t', 't.id', 'i.type_id')
    .select(['i.id', 'i.number', 'i.state', 'i.state_category', 't.key as type'])
    .where('i.id', 'in', [...ids])
    .execute();
}
