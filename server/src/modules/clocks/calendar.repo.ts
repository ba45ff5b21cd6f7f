import type { Insertable } from 'kysely';
import type { DbOrTx, Tx } from '../../db/client.js';
import type { CalendarRow, CalendarsTable } from '../../db/schema.js';

export type CalendarValues = Pick<CalendarRow, 'name' | 'time_zone' | 'working_hours' | 'holidays'>;

const json = (v: Partial<CalendarValues>) => ({
  ...(v.name !== undefined ? { name: v.name } : {}),
  ...(v.time_zone !== undefined ? { time_zone: v.time_zone } : {}),
  ...(v.working_hours !== undefined ? { working_hours: JSON.stringify(v.working_hours) } : {}),
  ...(v.holidays !== undefined ? { holidays: JSON.stringify(v.holidays) } : {}),
});

/** Calendars in name order, with their team's name. */
export async function selectCalendars(db: DbOrTx) {
  return db.selectFrom('calendars as c').leftJoin('teams as t', 't.id', 'c.team_id').selectAll('c').select('t.name as team_name').orderBy('c.name').orderBy('c.id').execute();
}

export async function selectCalendar(db: DbOrTx, id: string, opts: { lock?: boolean } = {}) {
  let q = db.selectFrom('calendars as c').leftJoin('teams as t', 't.id', 'c.team_id').selectAll('c').select('t.name as team_name').where('c.id', '=', id);
  if (opts.lock) q = q.forUpdate('c');
  return (await q.executeTakeFirst()) ?? null;
}

export async function insertCalendar(tx: Tx, row: CalendarValues & Pick<Insertable<CalendarsTable>, 'team_id' | 'created_at' | 'updated_at'>): Promise<CalendarRow> {
  return tx
    .insertInto('calendars')
    .values({ name: row.name, time_zone: row.time_zone, working_hours: JSON.stringify(row.working_hours), holidays: JSON.stringify(row.holidays), team_id: row.team_id, created_at: row.created_at, updated_at: row.updated_at })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function updateCalendarRow(tx: Tx, id: string, set: Partial<CalendarValues>, version: number, at: Date): Promise<CalendarRow> {
  return tx.updateTable('calendars').set({ ...json(set), version, updated_at: at }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

export async function deleteCalendarRow(tx: Tx, id: string): Promise<void> {
  await tx.deleteFrom('calendars').where('id', '=', id).execute();
}

/** How many SLA policies count in this calendar (a calendar in use cannot be deleted). */
export async function countPoliciesUsingCalendar(db: DbOrTx, id: string): Promise<number> {
  const r = await db.selectFrom('sla_policies').select((eb) => eb.fn.countAll<number>().as('n')).where('calendar_id', '=', id).executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function teamExists(db: DbOrTx, id: string): Promise<boolean> {
  return (await db.selectFrom('teams').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
}
