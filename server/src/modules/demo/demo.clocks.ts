import type { BreachActions, Priority, WorkingHours } from '@vigil/shared';
import type { Deps } from '../../platform/context.js';
import { createCalendar, createSlaPolicy, listCalendars, listSlaPolicies, publicHolidays } from '../clocks/index.js';
import type { DemoDirectory } from './demo.runner.js';

/** The demo's business calendars and the IT outage SLA policies that count in them. */
export type DemoClockSetup = { calendars: string[]; slaPolicies: Array<{ priority: Priority; calendar: string }> };

export const demoCalendarNames = { always: '24x7', office: 'IT service hours (Hamburg)' } as const;

const serviceDay = [{ start: '08:00', end: '18:00' }];
const serviceHours: WorkingHours = { mon: serviceDay, tue: serviceDay, wed: serviceDay, thu: serviceDay, fri: serviceDay, sat: [], sun: [] };
const alwaysOpen = [{ start: '00:00', end: '24:00' }];
const everyHour: WorkingHours = { mon: alwaysOpen, tue: alwaysOpen, wed: alwaysOpen, thu: alwaysOpen, fri: alwaysOpen, sat: alwaysOpen, sun: alwaysOpen };

const H = 60;
const notifyTeam: BreachActions['notify'] = { userIds: [], teamIds: [], assignee: true, teamManagers: true };

/** ITIL-style targets: P1/P2 around the clock, P3-P5 in service hours (Mon-Fri 08:00-18:00 Hamburg, German public holidays off). */
const targets: Array<{ priority: Priority; ack: number; resolve: number; update: number | null; calendar: 'always' | 'office'; actions: BreachActions }> = [
  { priority: 'P1', ack: 15, resolve: 4 * H, update: 30, calendar: 'always', actions: { notify: notifyTeam } },
  { priority: 'P2', ack: 30, resolve: 8 * H, update: 60, calendar: 'always', actions: { notify: notifyTeam, raisePriorityTo: 'P1' } },
  { priority: 'P3', ack: 4 * H, resolve: 30 * H, update: 8 * H, calendar: 'office', actions: { notify: notifyTeam } },
  { priority: 'P4', ack: 8 * H, resolve: 50 * H, update: null, calendar: 'office', actions: { notify: notifyTeam } },
  { priority: 'P5', ack: 20 * H, resolve: 100 * H, update: null, calendar: 'office', actions: { notify: { ...notifyTeam, teamManagers: false } } },
];

/**
 * A 24x7 calendar (the administrator's, shared) and the IT operations team's service hours in
 * Hamburg with the German public holidays of Hamburg around the anchor, and an SLA policy per priority
 * for IT outages, made by the IT operations lead through the clocks commands (audited), before any
 * incident is reported, so the demo incidents carry running, met and breached clocks. Whatever exists
 * already (a second seed with --force) is kept.
 */
export async function seedDemoClocks(deps: Deps, directory: DemoDirectory, anchor: Date): Promise<DemoClockSetup> {
  const admin = directory.people.get('sabine.krueger')!.actor;
  const lead = directory.people.get('jonas.weber')!.actor;
  const itTeam = directory.teams.get('it-operations')!;
  const existing = new Map((await listCalendars(deps.db, admin)).items.map((c) => [`${c.team?.id ?? ''}/${c.name}`, c.id]));

  const always =
    existing.get(`/${demoCalendarNames.always}`) ??
    (await createCalendar(deps, admin, { name: demoCalendarNames.always, teamId: null, timeZone: 'Europe/Berlin', workingHours: everyHour, holidays: [] })).id;
  const year = anchor.getUTCFullYear();
  const office =
    existing.get(`${itTeam}/${demoCalendarNames.office}`) ??
    (
      await createCalendar(deps, lead, {
        name: demoCalendarNames.office,
        teamId: itTeam,
        timeZone: 'Europe/Berlin',
        workingHours: serviceHours,
        holidays: await publicHolidays({ country: 'DE', region: 'HH', years: [year - 1, year, year + 1] }),
      })
    ).id;

  const have = new Set((await listSlaPolicies(deps.db, lead, { type: 'it-outage' })).items.map((p) => p.priority));
  for (const t of targets) {
    if (have.has(t.priority)) continue;
    await createSlaPolicy(deps, lead, {
      type: 'it-outage',
      priority: t.priority,
      timeToAcknowledgeMinutes: t.ack,
      timeToResolveMinutes: t.resolve,
      timeToFirstPublicUpdateMinutes: t.update,
      calendarId: t.calendar === 'always' ? always : office,
      warnAtPercent: 75,
      breachActions: t.actions,
    });
  }
  return {
    calendars: [demoCalendarNames.always, demoCalendarNames.office],
    slaPolicies: targets.map((t) => ({ priority: t.priority, calendar: t.calendar === 'always' ? demoCalendarNames.always : demoCalendarNames.office })),
  };
}
