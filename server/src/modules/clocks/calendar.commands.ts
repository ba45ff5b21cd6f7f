import type { Calendar, CalendarCreateInput, CalendarPatchInput, Holiday, HolidayImportInput } from '@vigil/shared';
import type { Tx } from '../../db/client.js';
import type { CalendarRow } from '../../db/schema.js';
import { requireRole } from '../../platform/authz.js';
import type { Actor, Deps } from '../../platform/context.js';
import { AppError, notFound } from '../../platform/errors.js';
import { appendAudit } from '../audit/index.js';
import { auditCalendar, presentCalendar } from './calendar.presenter.js';
import { countPoliciesUsingCalendar, deleteCalendarRow, insertCalendar, selectCalendar, teamExists, updateCalendarRow, type CalendarValues } from './calendar.repo.js';

const nameTaken = () => new AppError('already_exists', 'A calendar with this name already exists for this team', [{ path: 'body.name', message: 'already in use' }]);
const isUniqueViolation = (err: unknown) => (err as { code?: string } | null)?.code === '23505';

/** Admins manage every calendar; managers those of the teams they belong to. */
function assertMayManage(actor: Actor, teamId: string | null): void {
  requireRole(actor, 'admin', 'manager');
  if (actor.role === 'manager' && (teamId === null || !actor.teamIds.includes(teamId))) {
    throw new AppError('forbidden', teamId === null ? 'Only admins manage calendars shared by all teams' : 'Managers manage the calendars of their own teams');
  }
}

/** Holidays in date order, one per date (the last name given wins). */
function normaliseHolidays(list: readonly Holiday[]): Holiday[] {
  const byDate = new Map<string, Holiday>();
  for (const h of list) byDate.set(h.date, h.name ? { date: h.date, name: h.name } : { date: h.date });
  return [...byDate.values()].sort((a, b) => a.date.localeCompare(b.date));
}

async function loadForChange(tx: Tx, actor: Actor, id: string, version: number | undefined): Promise<CalendarRow & { team_name: string | null }> {
  const row = await selectCalendar(tx, id, { lock: true });
  if (!row) throw notFound('Calendar');
  assertMayManage(actor, row.team_id);
  if (version !== undefined && version !== row.version) throw new AppError('version_conflict', `The calendar changed since version ${version} (now ${row.version})`, { currentVersion: row.version });
  return row;
}

async function presentById(tx: Tx, id: string): Promise<Calendar> {
  return presentCalendar((await selectCalendar(tx, id))!);
}

/** Creates a business calendar, shared (admins) or of a team. Running clocks keep the calendar they started with. */
export async function createCalendar(deps: Deps, actor: Actor, input: CalendarCreateInput): Promise<Calendar> {
  assertMayManage(actor, input.teamId);
  const now = deps.clock.now();
  try {
    return await deps.db.transaction().execute(async (tx) => {
      if (input.teamId && !(await teamExists(tx, input.teamId))) throw new AppError('validation_failed', 'teamId is not a team', [{ path: 'teamId', message: 'is not a team' }]);
      const row = await insertCalendar(tx, {
        name: input.name,
        team_id: input.teamId,
        time_zone: input.timeZone,
        working_hours: input.workingHours,
        holidays: normaliseHolidays(input.holidays),
        created_at: now,
        updated_at: now,
      });
      await appendAudit(tx, actor, now, { entityType: 'calendar', entityId: row.id, action: 'create', after: auditCalendar(row) });
      return presentById(tx, row.id);
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw nameTaken();
    throw err;
  }
}

/** Changes a calendar; clocks already running keep their copy, new and retargeted clocks take the new one. */
export async function updateCalendar(deps: Deps, actor: Actor, id: string, patch: CalendarPatchInput): Promise<Calendar> {
  requireRole(actor, 'admin', 'manager');
  const now = deps.clock.now();
  try {
    return await deps.db.transaction().execute(async (tx) => {
      const row = await loadForChange(tx, actor, id, patch.version);
      const set: Partial<CalendarValues> = {};
      if (patch.name !== undefined) set.name = patch.name;
      if (patch.timeZone !== undefined) set.time_zone = patch.timeZone;
      if (patch.workingHours !== undefined) set.working_hours = patch.workingHours;
      if (patch.holidays !== undefined) set.holidays = normaliseHolidays(patch.holidays);
      if (Object.keys(set).length === 0) return presentCalendar(row);
      const updated = await updateCalendarRow(tx, id, set, row.version + 1, now);
      await appendAudit(tx, actor, now, { entityType: 'calendar', entityId: id, action: 'update', before: auditCalendar(row), after: auditCalendar(updated) });
      return presentById(tx, id);
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw nameTaken();
    throw err;
  }
}

/** Deletes a calendar no SLA policy counts in. */
export async function deleteCalendar(deps: Deps, actor: Actor, id: string): Promise<void> {
  requireRole(actor, 'admin', 'manager');
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (tx) => {
    const row = await loadForChange(tx, actor, id, undefined);
    const using = await countPoliciesUsingCalendar(tx, id);
    if (using > 0) throw new AppError('conflict', `${using} SLA ${using === 1 ? 'policy counts' : 'policies count'} in this calendar; give them another calendar first`);
    await deleteCalendarRow(tx, id);
    await appendAudit(tx, actor, now, { entityType: 'calendar', entityId: id, action: 'delete', before: auditCalendar(row) });
  });
}

/** The public holidays of a country (and region) in the given years, from the date-holidays data set. */
export async function publicHolidays(input: HolidayImportInput): Promise<Holiday[]> {
  const { default: Holidays } = await import('date-holidays');
  const source = input.region ? new Holidays(input.country, input.region) : new Holidays(input.country);
  if (!source.getCountries()[input.country]) throw new AppError('validation_failed', `${input.country} is not a known country`, [{ path: 'country', message: 'is not a known country' }]);
  if (input.region && !source.getStates(input.country)?.[input.region]) {
    throw new AppError('validation_failed', `${input.region} is not a region of ${input.country}`, [{ path: 'region', message: `is not a region of ${input.country}` }]);
  }
  return input.years.flatMap((year) =>
    (source.getHolidays(year) || []).filter((h) => h.type === 'public').map((h) => ({ date: h.date.slice(0, 10), name: h.name })),
  );
}

/** Adds a country's (and region's) public holidays of the given years to a calendar. */
export async function importHolidays(deps: Deps, actor: Actor, id: string, input: HolidayImportInput): Promise<Calendar> {
  requireRole(actor, 'admin', 'manager');
  const found = await publicHolidays(input);
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (tx) => {
    const row = await loadForChange(tx, actor, id, undefined);
    const holidays = normaliseHolidays([...(row.holidays as Holiday[]), ...found]);
    const updated = await updateCalendarRow(tx, id, { holidays }, row.version + 1, now);
    await appendAudit(tx, actor, now, {
      entityType: 'calendar',
      entityId: id,
      action: 'import_holidays',
      before: auditCalendar(row),
      after: { ...auditCalendar(updated), imported: { country: input.country, region: input.region ?? null, years: input.years, count: found.length } },
    });
    return presentById(tx, id);
  });
}
