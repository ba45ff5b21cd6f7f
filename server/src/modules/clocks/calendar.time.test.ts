import { calendarWeekdays, type BusinessCalendar, type WorkingHours } from '@vigil/shared';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addBusinessTime, alwaysOpenCalendar, businessTimeBetween, isAlwaysOpen } from './calendar.time.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const at = (iso: string) => new Date(iso);
const nineToFive = [{ start: '09:00', end: '17:00' }];

/** Mon-Fri 09:00-17:00 in Berlin, with the given holidays. */
function berlinOffice(holidays: string[] = []): BusinessCalendar {
  return { timeZone: 'Europe/Berlin', workingHours: { mon: nineToFive, tue: nineToFive, wed: nineToFive, thu: nineToFive, fri: nineToFive, sat: [], sun: [] }, holidays };
}

/** Every day 00:00-24:00 in the zone, with holidays that lie outside every test range so the day-by-day path runs. */
function wallClockSlowPath(timeZone: string): BusinessCalendar {
  return { ...alwaysOpenCalendar, timeZone, holidays: ['1971-01-01'] };
}

describe('business time', () => {
  it('counts only working hours: Friday 16:00 plus two hours is Monday 10:00', () => {
    const cal = berlinOffice();
    // 2026-06-05 is a Friday; Berlin is UTC+2 in summer.
    expect(addBusinessTime(cal, at('2026-06-05T14:00:00Z'), 2 * HOUR).toISOString()).toBe('2026-06-08T08:00:00.000Z');
    expect(businessTimeBetween(cal, at('2026-06-05T14:00:00Z'), at('2026-06-08T08:00:00Z'))).toBe(2 * HOUR);
    // Starting at night counts from the next opening.
    expect(addBusinessTime(cal, at('2026-06-08T22:00:00Z'), 30 * MIN).toISOString()).toBe('2026-06-09T07:30:00.000Z');
    // Ending exactly at closing time gives the closing instant, not the next opening.
    expect(addBusinessTime(cal, at('2026-06-09T07:00:00Z'), 8 * HOUR).toISOString()).toBe('2026-06-09T15:00:00.000Z');
    expect(addBusinessTime(cal, at('2026-06-09T07:00:00Z'), 0).toISOString()).toBe('2026-06-09T07:00:00.000Z');
    expect(businessTimeBetween(cal, at('2026-06-09T12:00:00Z'), at('2026-06-09T10:00:00Z'))).toBe(0);
  });

  it('skips holidays as whole local days', () => {
    // Thursday 2026-12-24 17:00 Berlin (16:00Z): Friday 25th and Monday 28th are holidays, so the next hour is Tuesday 09:00-10:00.
    const cal = berlinOffice(['2026-12-25', '2026-12-28']);
    expect(addBusinessTime(cal, at('2026-12-24T16:00:00Z'), HOUR).toISOString()).toBe('2026-12-29T09:00:00.000Z');
    expect(businessTimeBetween(cal, at('2026-12-24T08:00:00Z'), at('2026-12-29T09:00:00Z'))).toBe(8 * HOUR + HOUR);
  });

  it('takes several intervals a day and working time across midnight', () => {
    const split: WorkingHours = { mon: [{ start: '08:00', end: '12:00' }, { start: '13:00', end: '17:00' }], tue: [], wed: [], thu: [], fri: [], sat: [{ start: '22:00', end: '24:00' }], sun: [{ start: '00:00', end: '02:00' }] };
    const cal: BusinessCalendar = { timeZone: 'UTC', workingHours: split, holidays: [] };
    // Monday 2026-06-01 11:00 + 2 h: one hour before lunch, one after.
    expect(addBusinessTime(cal, at('2026-06-01T11:00:00Z'), 2 * HOUR).toISOString()).toBe('2026-06-01T14:00:00.000Z');
    // Saturday 23:00 + 2 h runs through midnight into Sunday.
    expect(addBusinessTime(cal, at('2026-06-06T23:00:00Z'), 2 * HOUR).toISOString()).toBe('2026-06-07T01:00:00.000Z');
    expect(businessTimeBetween(cal, at('2026-06-01T00:00:00Z'), at('2026-06-08T00:00:00Z'))).toBe(12 * HOUR);
  });

  it('follows DST in the calendar zone: a local working day stays 09:00-17:00 and a whole day is 23 or 25 hours', () => {
    const cal = berlinOffice();
    // Friday 2026-03-27 16:00 CET (15:00Z) + 2 h -> Monday 2026-03-30 10:00 CEST (08:00Z), across the spring change.
    expect(addBusinessTime(cal, at('2026-03-27T15:00:00Z'), 2 * HOUR).toISOString()).toBe('2026-03-30T08:00:00.000Z');
    const allDay: BusinessCalendar = { timeZone: 'Europe/Berlin', workingHours: { ...alwaysOpenCalendar.workingHours }, holidays: ['2020-01-01'] };
    expect(businessTimeBetween(allDay, at('2026-03-28T23:00:00Z'), at('2026-03-29T22:00:00Z'))).toBe(23 * HOUR);
    expect(businessTimeBetween(allDay, at('2026-10-24T22:00:00Z'), at('2026-10-25T23:00:00Z'))).toBe(25 * HOUR);
    // 02:00-03:00 does not exist on the spring-forward Sunday: no working time that day.
    const gap: BusinessCalendar = { timeZone: 'Europe/Berlin', workingHours: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [{ start: '02:00', end: '03:00' }] }, holidays: [] };
    expect(businessTimeBetween(gap, at('2026-03-28T00:00:00Z'), at('2026-03-30T00:00:00Z'))).toBe(0);
    expect(businessTimeBetween(gap, at('2026-03-21T00:00:00Z'), at('2026-03-23T00:00:00Z'))).toBe(HOUR);
  });

  it('treats 24x7 as wall time and says so', () => {
    expect(isAlwaysOpen(alwaysOpenCalendar)).toBe(true);
    expect(isAlwaysOpen(berlinOffice())).toBe(false);
    expect(isAlwaysOpen(wallClockSlowPath('UTC'))).toBe(false);
    expect(addBusinessTime(alwaysOpenCalendar, at('2026-03-28T12:00:00Z'), 72 * HOUR).toISOString()).toBe('2026-03-31T12:00:00.000Z');
  });

  it('throws on a calendar without any working time instead of looping', () => {
    const never: BusinessCalendar = { timeZone: 'UTC', workingHours: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] }, holidays: [] };
    expect(() => addBusinessTime(never, at('2026-01-01T00:00:00Z'), MIN)).toThrow(/no working time/);
  });
});

const zones = ['UTC', 'Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kolkata', 'Pacific/Chatham', 'America/Santiago'];

/** Up to three ordered, non-overlapping intervals from sorted quarter-hour points. */
const dayArb = fc
  .uniqueArray(fc.integer({ min: 0, max: 96 }), { maxLength: 6 })
  .map((points) => {
    const sorted = [...points].sort((a, b) => a - b);
    const hhmm = (q: number) => (q === 96 ? '24:00' : `${String(Math.floor(q / 4)).padStart(2, '0')}:${String((q % 4) * 15).padStart(2, '0')}`);
    const out: Array<{ start: string; end: string }> = [];
    for (let i = 0; i + 1 < sorted.length; i += 2) out.push({ start: hhmm(sorted[i]!), end: hhmm(sorted[i + 1]!) });
    return out;
  });

const calendarArb: fc.Arbitrary<BusinessCalendar> = fc
  .record({
    timeZone: fc.constantFrom(...zones),
    days: fc.tuple(dayArb, dayArb, dayArb, dayArb, dayArb, dayArb, dayArb),
    holidays: fc.uniqueArray(fc.integer({ min: 0, max: 400 }).map((d) => new Date(Date.UTC(2026, 0, 1) + d * DAY).toISOString().slice(0, 10)), { maxLength: 20 }),
  })
  .filter((c) => c.days.some((d) => d.length > 0))
  .map((c) => ({ timeZone: c.timeZone, workingHours: Object.fromEntries(calendarWeekdays.map((d, i) => [d, c.days[i]!])) as WorkingHours, holidays: c.holidays }));

const instantArb = fc.integer({ min: Date.UTC(2025, 9, 1), max: Date.UTC(2027, 3, 1) }).map((ms) => new Date(ms));
const durationArb = fc.integer({ min: 0, max: 20 * DAY });

describe('business time properties', () => {
  it('businessTimeBetween(start, addBusinessTime(start, d)) is d', () => {
    fc.assert(
      fc.property(calendarArb, instantArb, durationArb, (cal, start, d) => {
        const due = addBusinessTime(cal, start, d);
        expect(due.getTime()).toBeGreaterThanOrEqual(start.getTime());
        expect(businessTimeBetween(cal, start, due)).toBe(d);
      }),
      { numRuns: 300 },
    );
  });

  it('is monotonic in the duration and never counts more than wall time', () => {
    fc.assert(
      fc.property(calendarArb, instantArb, durationArb, durationArb, (cal, start, d1, d2) => {
        const [small, large] = d1 <= d2 ? [d1, d2] : [d2, d1];
        expect(addBusinessTime(cal, start, small).getTime()).toBeLessThanOrEqual(addBusinessTime(cal, start, large).getTime());
        const end = new Date(start.getTime() + large);
        expect(businessTimeBetween(cal, start, end)).toBeLessThanOrEqual(large);
      }),
      { numRuns: 200 },
    );
  });

  it('adds up over consecutive ranges', () => {
    fc.assert(
      fc.property(calendarArb, instantArb, durationArb, durationArb, (cal, a, x, y) => {
        const b = new Date(a.getTime() + x);
        const c = new Date(b.getTime() + y);
        expect(businessTimeBetween(cal, a, b) + businessTimeBetween(cal, b, c)).toBe(businessTimeBetween(cal, a, c));
      }),
      { numRuns: 200 },
    );
  });

  it('equals wall time on a calendar open every hour, in any zone, across DST changes', () => {
    fc.assert(
      fc.property(fc.constantFrom(...zones), instantArb, durationArb, (zone, start, d) => {
        const cal = wallClockSlowPath(zone);
        expect(addBusinessTime(cal, start, d).getTime()).toBe(start.getTime() + d);
        expect(businessTimeBetween(cal, start, new Date(start.getTime() + d))).toBe(d);
        expect(addBusinessTime(alwaysOpenCalendar, start, d).getTime()).toBe(start.getTime() + d);
      }),
      { numRuns: 200 },
    );
  });
});
