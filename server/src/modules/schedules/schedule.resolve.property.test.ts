import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { weekdays } from '@vigil/shared';
import { expectedOnCall, highestClockUpTo, localClock } from './schedule.oracle.js';
import { resolveShifts, whoIsOnCall, type ResolverSchedule } from './schedule.resolve.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const people = ['ana', 'ben', 'cai', 'dora', 'eli'];
// Zones with DST both ways, half-hour DST (Lord Howe), southern hemisphere, odd offsets, and none.
const zones = ['Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'Pacific/Auckland', 'America/Santiago', 'Asia/Kathmandu', 'Europe/London', 'UTC'];
// DST changes of 2026 in those zones (UTC): instants are drawn near them more often.
const transitions = [
  '2026-03-08T07:00:00Z', '2026-11-01T06:00:00Z', '2026-03-29T01:00:00Z', '2026-10-25T01:00:00Z',
  '2026-04-04T15:00:00Z', '2026-10-03T15:30:00Z', '2026-04-04T14:00:00Z', '2026-09-26T14:00:00Z',
  '2026-04-05T03:00:00Z', '2026-09-06T04:00:00Z',
].map(Date.parse);
const yearStart = Date.parse('2026-01-01T00:00:00Z');
const yearEnd = Date.parse('2027-01-01T00:00:00Z');

const pad = (n: number) => String(n).padStart(2, '0');
// Hand-off and window times lean towards the small hours and half hours, where the clocks change.
const localTime = fc
  .tuple(fc.oneof(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 23 })), fc.oneof(fc.constantFrom(0, 30), fc.integer({ min: 0, max: 59 })))
  .map(([h, m]) => `${pad(h)}:${pad(m)}`);
const localDate = fc.integer({ min: Date.parse('2025-10-01T00:00:00Z') / DAY, max: Date.parse('2026-11-30T00:00:00Z') / DAY }).map((d) => new Date(d * DAY).toISOString().slice(0, 10));
const earlyDate = fc.integer({ min: Date.parse('2025-09-01T00:00:00Z') / DAY, max: Date.parse('2026-02-28T00:00:00Z') / DAY }).map((d) => new Date(d * DAY).toISOString().slice(0, 10));
const nearTransition = fc.tuple(fc.constantFrom(...transitions), fc.integer({ min: -3 * DAY, max: 3 * DAY })).map(([t, d]) => t + d);
const instant = fc.oneof(fc.integer({ min: yearStart, max: yearEnd }), nearTransition, nearTransition.map((t) => Math.round(t / 60_000) * 60_000));

const restriction = fc.record({
  days: fc.subarray([...weekdays], { minLength: 1 }),
  start: localTime,
  end: localTime,
});

const layer = fc
  .record({
    participants: fc.array(fc.constantFrom(...people), { minLength: 1, maxLength: 4 }),
    rotation: fc.constantFrom('daily' as const, 'weekly' as const, 'custom' as const),
    shiftHours: fc.oneof(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 200 })),
    handoffTime: localTime,
    startDate: localDate,
    endsAt: fc.option(instant.map((t) => new Date(t).toISOString()), { freq: 3 }),
    restrictions: fc.oneof(fc.constant([]), fc.array(restriction, { minLength: 1, maxLength: 3 })),
  })
  .map(({ shiftHours, ...l }) => (l.rotation === 'custom' ? { ...l, shiftHours } : l));

const override = fc.record({
  userId: fc.constantFrom(...people, 'olga'),
  start: instant,
  length: fc.oneof(fc.integer({ min: 1, max: 6 * HOUR }), fc.integer({ min: HOUR, max: 5 * DAY })),
});

const scheduleArb: fc.Arbitrary<ResolverSchedule> = fc
  .record({
    timeZone: fc.constantFrom(...zones),
    layers: fc.array(layer, { minLength: 0, maxLength: 4 }),
    overrides: fc.array(override, { maxLength: 5 }),
  })
  .map(({ timeZone, layers, overrides }) => ({
    timeZone,
    layers,
    overrides: overrides.map((o) => ({ userId: o.userId, start: new Date(o.start), end: new Date(o.start + o.length) })),
  }));

// Schedules whose hand-offs and windows fall in or next to the hour the clocks change, seen around a change.
const dstTime = fc.tuple(fc.constantFrom(23, 0, 1, 2, 3), fc.constantFrom(0, 1, 15, 30, 45, 59)).map(([h, m]) => `${pad(h)}:${pad(m)}`);
const dstLayer = fc
  .record({
    participants: fc.array(fc.constantFrom(...people), { minLength: 2, maxLength: 4 }),
    rotation: fc.constantFrom('daily' as const, 'custom' as const),
    shiftHours: fc.integer({ min: 1, max: 5 }),
    handoffTime: dstTime,
    startDate: earlyDate,
    endsAt: fc.constant(null),
    restrictions: fc.oneof(fc.constant([]), fc.array(fc.record({ days: fc.subarray([...weekdays], { minLength: 1 }), start: dstTime, end: dstTime }), { minLength: 1, maxLength: 2 })),
  })
  .map(({ shiftHours, ...l }) => (l.rotation === 'custom' ? { ...l, shiftHours } : l));
const zoneChanges: Array<[string, number]> = [
  ['America/New_York', 0], ['America/New_York', 1], ['Europe/Berlin', 2], ['Europe/Berlin', 3], ['Australia/Lord_Howe', 4],
  ['Australia/Lord_Howe', 5], ['Pacific/Auckland', 6], ['Pacific/Auckland', 7], ['America/Santiago', 8], ['America/Santiago', 9],
];
const dstCase = fc.tuple(fc.constantFrom(...zoneChanges), fc.array(dstLayer, { minLength: 1, maxLength: 3 })).map(([[timeZone, i], layers]) => ({
  schedule: { timeZone, layers, overrides: [] },
  around: transitions[i]!,
}));

describe('the oracle reads the local clock', () => {
  it('sees Berlin fall back: the highest clock reading stays at 02:59:59.999 through the repeated hour', () => {
    const fallBack = Date.parse('2026-10-25T01:00:00Z');
    expect(localClock('Europe/Berlin', fallBack - 1)).toBe(Date.parse('2026-10-25T02:59:59.999Z'));
    expect(localClock('Europe/Berlin', fallBack)).toBe(Date.parse('2026-10-25T02:00:00.000Z'));
    expect(highestClockUpTo('Europe/Berlin', fallBack + 30 * 60_000)).toBe(Date.parse('2026-10-25T02:59:59.999Z'));
    expect(highestClockUpTo('Europe/Berlin', fallBack + HOUR)).toBe(Date.parse('2026-10-25T03:00:00.000Z'));
  });
});

describe('resolver against an independent model, over random schedules', () => {
  it('whoIsOnCall names exactly the person the oracle expects, at every instant', () => {
    fc.assert(
      fc.property(scheduleArb, fc.array(instant, { minLength: 1, maxLength: 12 }), (schedule, instants) => {
        for (const t of instants) expect(whoIsOnCall(schedule, new Date(t)), new Date(t).toISOString()).toBe(expectedOnCall(schedule, t));
      }),
      { numRuns: 400 },
    );
  });

  it('resolveShifts covers [from, to) in order, without overlaps, and agrees with whoIsOnCall and the oracle at boundaries and samples', () => {
    const range = fc.tuple(instant, fc.integer({ min: 1, max: 12 * DAY })).map(([from, length]) => ({ from, to: from + length }));
    fc.assert(
      fc.property(scheduleArb, range, fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 25 }), (schedule, { from, to }, fractions) => {
        const shifts = resolveShifts(schedule, new Date(from), new Date(to));
        let previous: (typeof shifts)[number] | null = null;
        for (const s of shifts) {
          expect(s.start.getTime()).toBeGreaterThanOrEqual(previous ? previous.end.getTime() : from);
          expect(s.end.getTime()).toBeGreaterThan(s.start.getTime());
          if (previous && previous.end.getTime() === s.start.getTime()) expect([previous.userId, previous.source]).not.toEqual([s.userId, s.source]);
          previous = s;
        }
        if (previous) expect(previous.end.getTime()).toBeLessThanOrEqual(to);

        const expectedAt = (t: number) => {
          const covering = shifts.find((s) => s.start.getTime() <= t && t < s.end.getTime());
          const who = whoIsOnCall(schedule, new Date(t));
          expect(covering?.userId ?? null, `shift at ${new Date(t).toISOString()}`).toBe(who);
          expect(who, `oracle at ${new Date(t).toISOString()}`).toBe(expectedOnCall(schedule, t));
        };
        // Every boundary from both sides (gaps included), and random instants in between.
        for (const s of shifts) for (const t of [s.start.getTime() - 1, s.start.getTime(), s.end.getTime() - 1, s.end.getTime()]) if (t >= from && t < to) expectedAt(t);
        for (const f of fractions) expectedAt(Math.min(to - 1, from + Math.floor(f * (to - from))));
        expectedAt(from);
        expectedAt(to - 1);
      }),
      { numRuns: 250 },
    );
  });

  it('agrees with the oracle every quarter hour (and a millisecond before) around DST changes, for hand-offs and windows in the changing hour', () => {
    fc.assert(
      fc.property(dstCase, ({ schedule, around }) => {
        const from = around - 30 * HOUR;
        const to = around + 30 * HOUR;
        const shifts = resolveShifts(schedule, new Date(from), new Date(to));
        for (let t = from; t < to; t += 15 * 60_000) {
          for (const u of [t, t - 1]) {
            const who = whoIsOnCall(schedule, new Date(u));
            expect(who, `oracle at ${new Date(u).toISOString()}`).toBe(expectedOnCall(schedule, u));
            if (u >= from) expect(shifts.find((s) => s.start.getTime() <= u && u < s.end.getTime())?.userId ?? null, `shift at ${new Date(u).toISOString()}`).toBe(who);
          }
        }
      }),
      { numRuns: 40 },
    );
  });
});
