import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CalendarSnapshot } from '../../db/schema.js';
import {
  alwaysOpenSnapshot,
  breachClock,
  elapsedAt,
  meetClock,
  pauseClock,
  remainingAt,
  reopenClock,
  restartClock,
  resumeClock,
  retargetClock,
  startClock,
  waiveClock,
  type ClockPatch,
  type EngineClock,
} from './clock.engine.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const at = (iso: string) => new Date(iso);
const nineToFive = [{ start: '09:00', end: '17:00' }];
const office: CalendarSnapshot = {
  id: null,
  name: 'Berlin office',
  timeZone: 'Europe/Berlin',
  workingHours: { mon: nineToFive, tue: nineToFive, wed: nineToFive, thu: nineToFive, fri: nineToFive, sat: [], sun: [] },
  holidays: [],
};

const apply = (c: EngineClock, patch: ClockPatch | null): EngineClock => {
  expect(patch).not.toBeNull();
  return { ...c, ...patch } as EngineClock;
};

describe('clock engine', () => {
  it('starts running with its due and warning times in business time', () => {
    // Monday 2026-06-01 10:00 Berlin (08:00Z); 8 business hours -> Tuesday 10:00; warning at 75% (6 h) -> Monday 16:00.
    const c = startClock({ target_ms: 8 * HOUR, calendar: office, warn_percent: 75, startedAt: at('2026-06-01T08:00:00Z'), paused: false }) as EngineClock;
    expect(c).toMatchObject({ state: 'running', version: 1, elapsed_ms: 0 });
    expect(c.due_at?.toISOString()).toBe('2026-06-02T08:00:00.000Z');
    expect(c.warn_at?.toISOString()).toBe('2026-06-01T14:00:00.000Z');
    expect(remainingAt(c, at('2026-06-01T13:00:00Z'))).toBe(3 * HOUR);
    // Outside working hours nothing is spent.
    expect(remainingAt(c, at('2026-06-01T20:00:00Z'))).toBe(HOUR);
  });

  it('pauses while waiting, keeps the spent time, and resumes with a due time from what is left', () => {
    let c = startClock({ target_ms: 8 * HOUR, calendar: office, warn_percent: 75, startedAt: at('2026-06-01T08:00:00Z'), paused: false }) as EngineClock;
    c = apply(c, pauseClock(c, at('2026-06-01T10:00:00Z')));
    expect(c).toMatchObject({ state: 'paused', elapsed_ms: 2 * HOUR, due_at: null, warn_at: null, version: 2 });
    expect(remainingAt(c, at('2026-06-05T10:00:00Z'))).toBe(6 * HOUR);
    expect(pauseClock(c, at('2026-06-01T11:00:00Z'))).toBeNull();
    // Resumed Wednesday 09:00 Berlin (07:00Z): 6 business hours left -> Wednesday 15:00 Berlin.
    c = apply(c, resumeClock(c, at('2026-06-03T07:00:00Z')));
    expect(c).toMatchObject({ state: 'running', version: 3 });
    expect(c.due_at?.toISOString()).toBe('2026-06-03T13:00:00.000Z');
    // 75% of 8 h is 6 h; 2 h were spent, so the warning is 4 business hours after resuming.
    expect(c.warn_at?.toISOString()).toBe('2026-06-03T11:00:00.000Z');
  });

  it('retargets on a priority change keeping the business time spent', () => {
    let c = startClock({ target_ms: 8 * HOUR, calendar: office, warn_percent: 75, startedAt: at('2026-06-01T08:00:00Z'), paused: false }) as EngineClock;
    c = apply(c, retargetClock(c, at('2026-06-01T11:00:00Z'), { target_ms: 4 * HOUR, calendar: alwaysOpenSnapshot, warn_percent: 50 }));
    expect(c).toMatchObject({ target_ms: 4 * HOUR, elapsed_ms: 3 * HOUR, version: 2 });
    // One hour left in 24x7 time; the 50% warning point has passed, so it warns at once.
    expect(c.due_at?.toISOString()).toBe('2026-06-01T12:00:00.000Z');
    expect(c.warn_at?.toISOString()).toBe('2026-06-01T11:00:00.000Z');
    // Already past the new target before this running stretch (3 h spent by 11:00): due when the stretch began.
    const tight = apply(c, retargetClock(c, at('2026-06-01T11:30:00Z'), { target_ms: HOUR, calendar: alwaysOpenSnapshot, warn_percent: 75 }));
    expect(tight.due_at?.toISOString()).toBe('2026-06-01T11:00:00.000Z');
    expect(tight.warn_at).toBeNull();
    expect(remainingAt(tight, at('2026-06-01T11:30:00Z'))).toBe(-2.5 * HOUR);
    // Crossing inside the running stretch: 3 h spent before it, a 3.25 h target is crossed 15 min into it.
    const crossed = apply(c, retargetClock(c, at('2026-06-01T11:45:00Z'), { target_ms: 3.25 * HOUR, calendar: alwaysOpenSnapshot, warn_percent: 75 }));
    expect(crossed.due_at?.toISOString()).toBe('2026-06-01T11:15:00.000Z');
  });

  it('meets, breaches, is met late, waives and reopens as the state machine allows', () => {
    const base = startClock({ target_ms: HOUR, calendar: alwaysOpenSnapshot, warn_percent: 75, startedAt: at('2026-06-01T08:00:00Z'), paused: false }) as EngineClock;
    const met = apply(base, meetClock(base, at('2026-06-01T08:40:00Z')));
    expect(met).toMatchObject({ state: 'met', elapsed_ms: 40 * MIN, running_since: null });
    expect(remainingAt(met, at('2026-06-01T10:00:00Z'))).toBeNull();
    expect(meetClock(met, at('2026-06-01T09:00:00Z'))).toBeNull();
    expect(waiveClock(met, at('2026-06-01T09:00:00Z'))).toBeNull();
    expect(breachClock(met)).toBeNull();

    const breached = apply(base, breachClock(base));
    expect(breached).toMatchObject({ state: 'breached', version: 2 });
    expect(breached.breached_at?.toISOString()).toBe('2026-06-01T09:00:00.000Z');
    expect(remainingAt(breached, at('2026-06-01T09:30:00Z'))).toBe(-30 * MIN);
    const late = apply(breached, meetClock(breached, at('2026-06-01T09:30:00Z')));
    expect(late).toMatchObject({ state: 'breached', elapsed_ms: 90 * MIN, version: 3 });
    expect(late.met_at?.toISOString()).toBe('2026-06-01T09:30:00.000Z');

    const reopened = apply(met, reopenClock(met, at('2026-06-02T08:00:00Z'), false));
    expect(reopened).toMatchObject({ state: 'running', met_at: null, elapsed_ms: 40 * MIN });
    expect(reopened.due_at?.toISOString()).toBe('2026-06-02T08:20:00.000Z');
    expect(apply(met, reopenClock(met, at('2026-06-02T08:00:00Z'), true))).toMatchObject({ state: 'paused', due_at: null });

    const waived = apply(base, waiveClock(base, at('2026-06-01T08:30:00Z')));
    expect(waived).toMatchObject({ state: 'waived', elapsed_ms: 30 * MIN, running_since: null });
    expect(waiveClock(waived, at('2026-06-01T08:31:00Z'))).toBeNull();
  });

  it('restarts a legal clock from a new trigger, running again or staying breached by the new deadline', () => {
    const c = startClock({ target_ms: 72 * HOUR, calendar: alwaysOpenSnapshot, warn_percent: 75, startedAt: at('2026-06-01T08:00:00Z'), paused: false }) as EngineClock;
    const breached = apply(c, breachClock(c));
    const later = apply(breached, restartClock(breached, at('2026-06-02T08:00:00Z'), at('2026-06-04T09:00:00Z')));
    expect(later).toMatchObject({ state: 'running', breached_at: null, elapsed_ms: 0 });
    expect(later.due_at?.toISOString()).toBe('2026-06-05T08:00:00.000Z');
    const still = apply(breached, restartClock(breached, at('2026-05-31T08:00:00Z'), at('2026-06-04T09:00:00Z')));
    expect(still).toMatchObject({ state: 'breached' });
    expect(still.breached_at?.toISOString()).toBe('2026-06-03T08:00:00.000Z');
  });

  it('counts exactly the running stretches, however often it pauses and resumes', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 5 * HOUR }), { minLength: 1, maxLength: 12 }), (gaps) => {
        let t = at('2026-06-01T00:00:00Z').getTime();
        let c = startClock({ target_ms: 1000 * HOUR, calendar: alwaysOpenSnapshot, warn_percent: 75, startedAt: new Date(t), paused: false }) as EngineClock;
        let running = 0;
        gaps.forEach((gap, i) => {
          t += gap;
          if (i % 2 === 0) {
            running += gap;
            c = apply(c, pauseClock(c, new Date(t)));
          } else {
            c = apply(c, resumeClock(c, new Date(t)));
          }
        });
        expect(elapsedAt(c, new Date(t))).toBe(running);
        expect(c.version).toBe(gaps.length + 1);
      }),
    );
  });
});
