import { calendarWeekdays, type BusinessCalendar, type WorkingHours } from '@vigil/shared';
import { DateTime } from 'luxon';

/** Every hour of every day counts: the calendar of legal deadlines and of SLA policies without one. */
export const alwaysOpenCalendar: BusinessCalendar = Object.freeze({
  timeZone: 'UTC',
  workingHours: Object.freeze(Object.fromEntries(calendarWeekdays.map((d) => [d, [{ start: '00:00', end: '24:00' }]]))) as WorkingHours,
  holidays: [],
});

/** How far the engine looks for working time before it calls a calendar broken (about ten years). */
const MAX_DAYS = 3660;

type Prepared = { zone: string; alwaysOpen: boolean; holidays: Set<string>; minutes: Array<Array<[number, number]>> };
const prepared = new WeakMap<BusinessCalendar, Prepared>();

const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Whether every minute of every day is working time (no holidays): business time equals wall time. */
export function isAlwaysOpen(cal: BusinessCalendar): boolean {
  return prepare(cal).alwaysOpen;
}

function prepare(cal: BusinessCalendar): Prepared {
  let p = prepared.get(cal);
  if (!p) {
    const minutes = calendarWeekdays.map((d) => cal.workingHours[d].map((iv): [number, number] => [toMinutes(iv.start), toMinutes(iv.end)]));
    const alwaysOpen = cal.holidays.length === 0 && minutes.every((day) => day.length === 1 && day[0]![0] === 0 && day[0]![1] === 1440);
    if (!DateTime.local().setZone(cal.timeZone).isValid) throw new Error(`calendar time zone ${cal.timeZone} is not known`);
    p = { zone: cal.timeZone, alwaysOpen, holidays: new Set(cal.holidays), minutes };
    prepared.set(cal, p);
  }
  return p;
}

/** The first instant of the local day after `day`. */
const nextDay = (day: DateTime): DateTime => day.plus({ days: 1 }).startOf('day');

/** A local wall time of `day` as an instant; a time skipped by a DST change moves forward, 24:00 is the next midnight. */
function instantOf(day: DateTime, minute: number, zone: string): number {
  if (minute >= 1440) return nextDay(day).toMillis();
  return DateTime.fromObject({ year: day.year, month: day.month, day: day.day, hour: Math.floor(minute / 60), minute: minute % 60 }, { zone }).toMillis();
}

/** The working spans of one local day as instants, in order and never overlapping (a DST shift can make two touch). */
function daySpans(p: Prepared, day: DateTime): Array<[number, number]> {
  if (p.holidays.size > 0 && p.holidays.has(day.toISODate()!)) return [];
  const spans: Array<[number, number]> = [];
  let floor = Number.NEGATIVE_INFINITY;
  for (const [from, to] of p.minutes[day.weekday - 1]!) {
    const s = Math.max(instantOf(day, from, p.zone), floor);
    const e = instantOf(day, to, p.zone);
    if (e > s) {
      spans.push([s, e]);
      floor = e;
    }
  }
  return spans;
}

const startOfLocalDay = (at: number, zone: string): DateTime => DateTime.fromMillis(at, { zone }).startOf('day');

/**
 * The instant at which `ms` of business time has passed since `start` under the calendar. With
 * ms <= 0 it is `start` itself; ending exactly at the close of a working span gives that close.
 */
export function addBusinessTime(cal: BusinessCalendar, start: Date, ms: number): Date {
  const from = start.getTime();
  if (ms <= 0) return new Date(from);
  const p = prepare(cal);
  if (p.alwaysOpen) return new Date(from + ms);
  let remaining = ms;
  let day = startOfLocalDay(from, p.zone);
  for (let i = 0; i < MAX_DAYS; i++) {
    for (const [s, e] of daySpans(p, day)) {
      const begin = Math.max(s, from);
      if (e <= begin) continue;
      const available = e - begin;
      if (remaining <= available) return new Date(begin + remaining);
      remaining -= available;
    }
    day = nextDay(day);
  }
  throw new Error('the calendar has no working time in the next ten years');
}

/** Business time between two instants under the calendar (0 when b is not after a). */
export function businessTimeBetween(cal: BusinessCalendar, a: Date, b: Date): number {
  const from = a.getTime();
  const to = b.getTime();
  if (to <= from) return 0;
  const p = prepare(cal);
  if (p.alwaysOpen) return to - from;
  let total = 0;
  for (let day = startOfLocalDay(from, p.zone); day.toMillis() < to; day = nextDay(day)) {
    for (const [s, e] of daySpans(p, day)) {
      const begin = Math.max(s, from);
      const end = Math.min(e, to);
      if (end > begin) total += end - begin;
    }
  }
  return total;
}
