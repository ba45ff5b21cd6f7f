/**
 * Calendar arithmetic in a named time zone without a date library: local dates are `{ y, m, d }`
 * (month 1-12), day arithmetic runs on UTC dates, instants are found from wall-clock times through
 * the zone's offset (checked twice, so the days of a DST change come out right).
 */

export type LocalDate = { y: number; m: number; d: number };

const partsFormatters = new Map<string, Intl.DateTimeFormat>();
function partsFormatter(timeZone: string): Intl.DateTimeFormat {
  let f = partsFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    partsFormatters.set(timeZone, f);
  }
  return f;
}

/** The wall-clock date and time of an instant in a zone. */
export function localParts(instant: number, timeZone: string): LocalDate & { h: number; mi: number } {
  const parts = Object.fromEntries(partsFormatter(timeZone).formatToParts(new Date(instant)).map((p) => [p.type, p.value]));
  return { y: Number(parts.year), m: Number(parts.month), d: Number(parts.day), h: Number(parts.hour) % 24, mi: Number(parts.minute) };
}

/** How far the zone's wall clock is ahead of UTC at an instant, in ms. */
export function zoneOffsetMs(instant: number, timeZone: string): number {
  const p = localParts(instant, timeZone);
  const asUtc = Date.UTC(p.y, p.m - 1, p.d, p.h, p.mi);
  return asUtc - Math.floor(instant / 60_000) * 60_000;
}

/** The instant of a wall-clock time in a zone (a time skipped by DST lands just after the gap). */
export function zonedInstant(date: LocalDate, h = 0, mi = 0, timeZone: string): number {
  const wall = Date.UTC(date.y, date.m - 1, date.d, h, mi);
  let t = wall - zoneOffsetMs(wall, timeZone);
  t = wall - zoneOffsetMs(t, timeZone);
  return t;
}

/** The local date `days` after `date`. */
export function addDays(date: LocalDate, days: number): LocalDate {
  const u = new Date(Date.UTC(date.y, date.m - 1, date.d + days));
  return { y: u.getUTCFullYear(), m: u.getUTCMonth() + 1, d: u.getUTCDate() };
}

/** 0 = Monday ... 6 = Sunday. */
export function weekdayIndex(date: LocalDate): number {
  return (new Date(Date.UTC(date.y, date.m - 1, date.d)).getUTCDay() + 6) % 7;
}

/** The Monday on or before `date`. */
export function startOfWeek(date: LocalDate): LocalDate {
  return addDays(date, -weekdayIndex(date));
}

export const sameDate = (a: LocalDate, b: LocalDate) => a.y === b.y && a.m === b.m && a.d === b.d;
export const dateKey = (d: LocalDate) => `${d.y}-${String(d.m).padStart(2, '0')}-${String(d.d).padStart(2, '0')}`;

export type CalendarView = 'week' | 'month';

/** The days a view shows around `anchor`: a week from Monday, or whole weeks covering the month. */
export function viewDays(view: CalendarView, anchor: LocalDate): LocalDate[] {
  if (view === 'week') return Array.from({ length: 7 }, (_, i) => addDays(startOfWeek(anchor), i));
  const first = startOfWeek({ y: anchor.y, m: anchor.m, d: 1 });
  const last = addDays({ y: anchor.m === 12 ? anchor.y + 1 : anchor.y, m: anchor.m === 12 ? 1 : anchor.m + 1, d: 1 }, -1);
  const days: LocalDate[] = [];
  for (let day = first; days.length < 42; day = addDays(day, 1)) {
    if (days.length % 7 === 0 && days.length > 0 && Date.UTC(day.y, day.m - 1, day.d) > Date.UTC(last.y, last.m - 1, last.d)) break;
    days.push(day);
  }
  return days;
}

/** Moves the anchor one view back (-1) or forward (+1). */
export function shiftAnchor(view: CalendarView, anchor: LocalDate, step: number): LocalDate {
  if (view === 'week') return addDays(anchor, 7 * step);
  const month = anchor.m - 1 + step;
  const y = anchor.y + Math.floor(month / 12);
  return { y, m: (((month % 12) + 12) % 12) + 1, d: 1 };
}

export type Segment<T> = { item: T; day: LocalDate; startFraction: number; endFraction: number; continuesBefore: boolean; continuesAfter: boolean };

/** Cuts `[start, end)` items into per-day pieces of the given days, with their position within each day (0..1). */
export function segmentsByDay<T extends { start: string; end: string }>(items: readonly T[], days: readonly LocalDate[], timeZone: string): Map<string, Segment<T>[]> {
  const out = new Map<string, Segment<T>[]>();
  for (const day of days) {
    const dayStart = zonedInstant(day, 0, 0, timeZone);
    const dayEnd = zonedInstant(addDays(day, 1), 0, 0, timeZone);
    const length = dayEnd - dayStart;
    const list: Segment<T>[] = [];
    for (const item of items) {
      const s = Date.parse(item.start);
      const e = Date.parse(item.end);
      if (e <= dayStart || s >= dayEnd) continue;
      list.push({
        item,
        day,
        startFraction: Math.max(0, (s - dayStart) / length),
        endFraction: Math.min(1, (e - dayStart) / length),
        continuesBefore: s < dayStart,
        continuesAfter: e > dayEnd,
      });
    }
    list.sort((a, b) => a.startFraction - b.startFraction);
    out.set(dateKey(day), list);
  }
  return out;
}

/** A `datetime-local` value (`2026-11-30T09:00`) in a zone as an ISO instant; null when malformed. */
export function localInputToIso(value: string, timeZone: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(value);
  if (!m) return null;
  return new Date(zonedInstant({ y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) }, Number(m[4]), Number(m[5]), timeZone)).toISOString();
}

/** An instant as a `datetime-local` value in a zone. */
export function isoToLocalInput(instant: number, timeZone: string): string {
  const p = localParts(instant, timeZone);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${p.y}-${pad(p.m)}-${pad(p.d)}T${pad(p.h)}:${pad(p.mi)}`;
}

/** Stable colour slots per person, in order of first appearance. */
export function colourSlots(userIds: readonly string[], slots: number): Map<string, number> {
  const map = new Map<string, number>();
  for (const id of userIds) if (!map.has(id)) map.set(id, map.size % slots);
  return map;
}
