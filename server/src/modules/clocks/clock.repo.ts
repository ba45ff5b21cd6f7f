import { sql, type Insertable } from 'kysely';
import type { DbOrTx, Tx } from '../../db/client.js';
import type { ClockRow, ClocksTable, IncidentRow } from '../../db/schema.js';
import type { ClockPatch } from './clock.engine.js';

/** A clock row with its JSON columns as values (the insert/update shape takes them as JSON text). */
export type NewClock = Omit<Insertable<ClocksTable>, 'calendar' | 'breach_actions' | 'submissions'> & {
  calendar: ClockRow['calendar'];
  breach_actions: Record<string, unknown>;
  submissions?: Array<Record<string, unknown>>;
};

export type ClockUpdate = ClockPatch & { waived_at?: Date | null; waived_reason?: string | null; waived_by?: string | null; submissions?: Array<Record<string, unknown>> };

function toColumns(patch: ClockUpdate) {
  const { calendar, breach_actions, submissions, ...rest } = patch;
  return {
    ...rest,
    ...(calendar !== undefined ? { calendar: JSON.stringify(calendar) } : {}),
    ...(breach_actions !== undefined ? { breach_actions: JSON.stringify(breach_actions) } : {}),
    ...(submissions !== undefined ? { submissions: JSON.stringify(submissions) } : {}),
  };
}

/** The clocks of one incident, in a stable order; `lock` holds them for the rest of the transaction. */
export async function selectClocksOfIncident(db: DbOrTx, incidentId: string, opts: { lock?: boolean } = {}): Promise<ClockRow[]> {
  let q = db.selectFrom('clocks').selectAll().where('incident_id', '=', incidentId).orderBy('created_at').orderBy('kind');
  if (opts.lock) q = q.forUpdate();
  return q.execute();
}

/** The clocks of several incidents in one query (list pages). */
export async function selectClocksOfIncidents(db: DbOrTx, incidentIds: readonly string[]): Promise<ClockRow[]> {
  if (incidentIds.length === 0) return [];
  return db.selectFrom('clocks').selectAll().where('incident_id', 'in', [...new Set(incidentIds)]).orderBy('incident_id').orderBy('created_at').orderBy('kind').execute();
}

export async function selectClockById(db: DbOrTx, id: string, opts: { lock?: boolean } = {}): Promise<ClockRow | null> {
  let q = db.selectFrom('clocks').selectAll().where('id', '=', id);
  if (opts.lock) q = q.forUpdate();
  return (await q.executeTakeFirst()) ?? null;
}

export async function insertClock(tx: Tx, row: NewClock): Promise<ClockRow> {
  const { calendar, breach_actions, submissions, ...rest } = row;
  return tx
    .insertInto('clocks')
    .values({ ...rest, calendar: JSON.stringify(calendar), breach_actions: JSON.stringify(breach_actions), submissions: JSON.stringify(submissions ?? []) })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function updateClockRow(tx: Tx, id: string, patch: ClockUpdate, at: Date): Promise<ClockRow> {
  return tx
    .updateTable('clocks')
    .set({ ...toColumns(patch), updated_at: at })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * Locks an incident row for a timer job before it touches the incident's clocks, so jobs and
 * incident commands (which lock the incident first) always take their locks in the same order.
 */
export async function lockIncidentRow(tx: Tx, incidentId: string): Promise<IncidentRow | null> {
  return (await tx.selectFrom('incidents').selectAll().where('id', '=', incidentId).forUpdate().executeTakeFirst()) ?? null;
}

/** The incident a clock belongs to (for jobs that only know the clock). */
export async function selectIncidentIdOfClock(db: DbOrTx, clockId: string): Promise<string | null> {
  const row = await db.selectFrom('clocks').select('incident_id').where('id', '=', clockId).executeTakeFirst();
  return row?.incident_id ?? null;
}

/** Running clocks whose deadline or warning time has passed (the sweeper checks each has its job). */
export async function selectOverdueClocks(db: DbOrTx, now: Date, limit: number): Promise<Array<Pick<ClockRow, 'id' | 'version' | 'due_at' | 'warn_at' | 'warned_at'>>> {
  const due = db
    .selectFrom('clocks')
    .select(['id', 'version', 'due_at', 'warn_at', 'warned_at'])
    .where('state', '=', 'running')
    .where('met_at', 'is', null)
    .where('due_at', '<=', now)
    .orderBy('due_at')
    .limit(limit);
  const warn = db
    .selectFrom('clocks')
    .select(['id', 'version', 'due_at', 'warn_at', 'warned_at'])
    .where('state', '=', 'running')
    .where('warned_at', 'is', null)
    .where('warn_at', '<=', now)
    .orderBy('warn_at')
    .limit(limit);
  const [a, b] = await Promise.all([due.execute(), warn.execute()]);
  const seen = new Set(a.map((r) => r.id));
  return [...a, ...b.filter((r) => !seen.has(r.id))];
}

/** User ids of the members (or only the leads) of teams. */
export async function selectTeamMemberIds(db: DbOrTx, teamIds: readonly string[], leadsOnly: boolean): Promise<string[]> {
  if (teamIds.length === 0) return [];
  let q = db.selectFrom('team_members').select('user_id').where('team_id', 'in', [...new Set(teamIds)]);
  if (leadsOnly) q = q.where('role', '=', 'lead');
  return (await q.execute()).map((r) => r.user_id);
}

/** Whether the actor wrote a public comment on the incident at this instant (a transition's comment). */
export async function hasPublicCommentAt(db: DbOrTx, incidentId: string, authorId: string, at: Date): Promise<boolean> {
  const row = await db
    .selectFrom('comments')
    .select(sql<number>`1`.as('one'))
    .where('incident_id', '=', incidentId)
    .where('author_id', '=', authorId)
    .where('visibility', '=', 'public')
    .where('created_at', '=', at)
    .executeTakeFirst();
  return row !== undefined;
}
