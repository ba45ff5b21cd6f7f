import { dailyDigestTime, type DigestFrequency, type QuietWindow, type Weekday } from '@vigil/shared';
import { DateTime } from 'luxon';

const luxonWeekday: Record<Weekday, number> = { mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6, sun: 7 };

function atClock(day: DateTime, hhmm: string): DateTime {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return day.set({ hour: h, minute: m, second: 0, millisecond: 0 });
}

/** The end of the quiet window that `at` falls in, or null when it is not in one. */
function windowEnd(windows: readonly QuietWindow[], zone: string, at: DateTime): DateTime | null {
  let end: DateTime | null = null;
  const today = at.setZone(zone).startOf('day');
  for (const w of windows) {
    // A window that began yesterday may run into today (22:00-07:00).
    for (const day of [today.minus({ days: 1 }), today]) {
      if (!w.days.some((d) => luxonWeekday[d] === day.weekday)) continue;
      const start = atClock(day, w.start);
      const stop = w.end <= w.start ? atClock(day.plus({ days: 1 }), w.end) : atClock(day, w.end);
      if (start <= at && at < stop && (!end || stop > end)) end = stop;
    }
  }
  return end;
}

/**
 * When quiet hours that hold at `at` end (following windows that chain into each other), in the
 * user's zone; null when `at` is not in quiet hours. Wall-clock times that a DST change skips or
 * repeats resolve as luxon resolves them (forward).
 */
export function quietHoursEnd(windows: readonly QuietWindow[], zone: string, at: Date): Date | null {
  let current: DateTime = DateTime.fromJSDate(at, { zone });
  let end: DateTime | null = null;
  for (let i = 0; i < 16; i++) {
    const next = windowEnd(windows, zone, current);
    if (!next) break;
    end = next;
    current = next;
  }
  return end ? end.toJSDate() : null;
}

/**
 * When the digest that collects a notification made at `at` goes out: the next full local hour
 * (hourly) or the next 08:00 local time (daily), moved to the end of quiet hours when it falls in them.
 */
export function digestDueAt(frequency: Exclude<DigestFrequency, 'none'>, windows: readonly QuietWindow[], zone: string, at: Date): Date {
  const local = DateTime.fromJSDate(at, { zone });
  let due: DateTime;
  if (frequency === 'hourly') {
    due = local.startOf('hour').plus({ hours: 1 });
  } else {
    const today = atClock(local.startOf('day'), dailyDigestTime);
    due = today > local ? today : atClock(local.startOf('day').plus({ days: 1 }), dailyDigestTime);
  }
  return quietHoursEnd(windows, zone, due.toJSDate()) ?? due.toJSDate();
}
