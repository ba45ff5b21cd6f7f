import { describe, expect, it } from 'vitest';
import { addDays, colourSlots, isoToLocalInput, localInputToIso, segmentsByDay, shiftAnchor, startOfWeek, viewDays, zonedInstant } from './calendar-time';

describe('calendar time', () => {
  it('finds midnight in a zone, also on the days of a DST change', () => {
    expect(new Date(zonedInstant({ y: 2026, m: 3, d: 29 }, 0, 0, 'Europe/Berlin')).toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(new Date(zonedInstant({ y: 2026, m: 3, d: 30 }, 0, 0, 'Europe/Berlin')).toISOString()).toBe('2026-03-29T22:00:00.000Z');
    expect(new Date(zonedInstant({ y: 2026, m: 10, d: 25 }, 9, 0, 'America/New_York')).toISOString()).toBe('2026-10-25T13:00:00.000Z');
  });

  it('builds week and month views from Monday', () => {
    expect(startOfWeek({ y: 2026, m: 11, d: 29 })).toEqual({ y: 2026, m: 11, d: 23 });
    const month = viewDays('month', { y: 2026, m: 2, d: 14 });
    expect(month[0]).toEqual({ y: 2026, m: 1, d: 26 });
    expect(month.length % 7).toBe(0);
    expect(month.at(-1)).toEqual({ y: 2026, m: 3, d: 1 });
    expect(viewDays('week', { y: 2026, m: 12, d: 31 }).map((d) => d.d)).toEqual([28, 29, 30, 31, 1, 2, 3]);
    expect(shiftAnchor('month', { y: 2026, m: 12, d: 5 }, 1)).toEqual({ y: 2027, m: 1, d: 1 });
    expect(shiftAnchor('month', { y: 2026, m: 1, d: 5 }, -1)).toEqual({ y: 2025, m: 12, d: 1 });
    expect(addDays({ y: 2026, m: 2, d: 28 }, 1)).toEqual({ y: 2026, m: 3, d: 1 });
  });

  it('cuts shifts into pieces per local day, with the 23-hour DST day measured in its own length', () => {
    const days = [{ y: 2026, m: 3, d: 29 }, { y: 2026, m: 3, d: 30 }];
    const shift = { start: '2026-03-29T10:00:00.000Z', end: '2026-03-30T07:00:00.000Z' };
    const byDay = segmentsByDay([shift], days, 'Europe/Berlin');
    const first = byDay.get('2026-03-29')![0]!;
    expect(first.continuesAfter).toBe(true);
    expect(first.startFraction).toBeCloseTo(11 / 23);
    const second = byDay.get('2026-03-30')![0]!;
    expect(second.continuesBefore).toBe(true);
    expect(second.endFraction).toBeCloseTo(9 / 24);
  });

  it('converts datetime-local values in the user zone both ways', () => {
    expect(localInputToIso('2026-07-01T09:30', 'Europe/Berlin')).toBe('2026-07-01T07:30:00.000Z');
    expect(localInputToIso('nonsense', 'Europe/Berlin')).toBeNull();
    expect(isoToLocalInput(Date.parse('2026-07-01T07:30:00Z'), 'Europe/Berlin')).toBe('2026-07-01T09:30');
  });

  it('gives each person a stable colour slot', () => {
    expect([...colourSlots(['a', 'b', 'a', 'c'], 2)]).toEqual([['a', 0], ['b', 1], ['c', 0]]);
  });
});
