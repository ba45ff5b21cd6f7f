import type { ResolverSchedule } from './schedule.resolve.js';

/**
 * A second, deliberately different model of the rotation rules, used only by the tests as an oracle
 * for schedule.resolve.ts. The resolver maps hand-off times forward to instants (through luxon); this
 * model goes the other way, from the instant to the local clock (through Intl directly):
 *
 * A hand-off at wall time w happens at the first instant whose local clock reads w or later, so it has
 * happened by instant t exactly when the clock has read w or later at some instant up to t, that is when
 * w <= M(t), the highest reading of the local clock up to t. With M(t) known, every question (which
 * shift, inside a restriction window, after the first hand-off) is plain arithmetic on wall times.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const weekdayNumber = { mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6, sun: 7 } as const;

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The local clock reading at t, as epoch ms of the same fields in UTC. */
export function localClock(zone: string, t: number): number {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formatters.set(zone, f);
  }
  const parts: Record<string, number> = {};
  for (const p of f.formatToParts(new Date(t))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const wholeSeconds = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
  return wholeSeconds + (((t % 1000) + 1000) % 1000);
}

/**
 * M(t): the highest local clock reading at any instant up to t. A reading more than F hours before t
 * cannot beat the one at t when the clock never falls back by more than F hours; four hours covers
 * every zone in the tests (and every zone in use today, Antarctica/Troll's two hours included).
 */
export function highestClockUpTo(zone: string, t: number): number {
  let highest = localClock(zone, t);
  let prev = t - 4 * HOUR;
  let prevOffset = localClock(zone, prev) - prev;
  while (prev < t) {
    const s = Math.min(prev + HOUR, t);
    const offset = localClock(zone, s) - s;
    if (offset < prevOffset) {
      // The clock fell back between prev and s: find the last instant before the change.
      let lo = prev;
      let hi = s;
      while (hi - lo > 1) {
        const mid = Math.floor((lo + hi) / 2);
        if (localClock(zone, mid) - mid === prevOffset) lo = mid;
        else hi = mid;
      }
      highest = Math.max(highest, localClock(zone, lo));
    }
    prev = s;
    prevOffset = offset;
  }
  return highest;
}

/** Who the oracle says is on call at t. */
export function expectedOnCall(schedule: ResolverSchedule, t: number): string | null {
  for (let i = schedule.overrides.length - 1; i >= 0; i--) {
    const o = schedule.overrides[i]!;
    if (o.start.getTime() <= t && t < o.end.getTime()) return o.userId;
  }
  const m = highestClockUpTo(schedule.timeZone, t);
  for (let i = schedule.layers.length - 1; i >= 0; i--) {
    const layer = schedule.layers[i]!;
    const [y, mo, d] = layer.startDate.split('-').map(Number) as [number, number, number];
    const [hh, mm] = layer.handoffTime.split(':').map(Number) as [number, number];
    const anchor = Date.UTC(y, mo - 1, d, hh, mm);
    if (m < anchor) continue;
    if (layer.endsAt !== null && t >= Date.parse(layer.endsAt)) continue;
    if (layer.restrictions.length > 0) {
      const today = Math.floor(m / DAY) * DAY;
      const inside = [today - DAY, today].some((day) => {
        const weekday = new Date(day).getUTCDay() === 0 ? 7 : new Date(day).getUTCDay();
        return layer.restrictions.some((r) => {
          if (!r.days.some((name) => weekdayNumber[name] === weekday)) return false;
          const start = day + Number(r.start.slice(0, 2)) * HOUR + Number(r.start.slice(3)) * MINUTE;
          let end = day + Number(r.end.slice(0, 2)) * HOUR + Number(r.end.slice(3)) * MINUTE;
          if (end <= start) end += DAY;
          return start <= m && m < end;
        });
      });
      if (!inside) continue;
    }
    const length = layer.rotation === 'daily' ? DAY : layer.rotation === 'weekly' ? 7 * DAY : layer.shiftHours! * HOUR;
    const k = Math.floor((m - anchor) / length);
    return layer.participants[k % layer.participants.length]!;
  }
  return null;
}
