import type { Calendar, Holiday } from '@vigil/shared';
import type { CalendarRow, CalendarSnapshot } from '../../db/schema.js';
import { isAlwaysOpen } from './calendar.time.js';

type CalendarWithTeam = CalendarRow & { team_name: string | null };

/** Row to DTO. */
export function presentCalendar(row: CalendarWithTeam): Calendar {
  return {
    id: row.id,
    name: row.name,
    team: row.team_id ? { id: row.team_id, name: row.team_name ?? '' } : null,
    timeZone: row.time_zone,
    workingHours: row.working_hours,
    holidays: row.holidays as Holiday[],
    alwaysOpen: isAlwaysOpen(snapshotOf(row)),
    version: row.version,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** What audit records keep of a calendar. */
export function auditCalendar(row: CalendarRow): Record<string, unknown> {
  return { name: row.name, teamId: row.team_id, timeZone: row.time_zone, workingHours: row.working_hours, holidays: row.holidays, version: row.version };
}

/** The copy of a calendar a clock counts in. */
export function snapshotOf(row: CalendarRow): CalendarSnapshot {
  return { id: row.id, name: row.name, timeZone: row.time_zone, workingHours: row.working_hours, holidays: row.holidays.map((h) => h.date).sort() };
}
