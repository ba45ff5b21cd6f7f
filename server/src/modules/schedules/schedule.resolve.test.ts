import { describe, expect, it } from 'vitest';
import { resolveShifts, whoIsOnCall, type ResolverLayer as Layer, type ResolverSchedule } from './schedule.resolve.js';

const layer = (l: Partial<Layer> & Pick<Layer, 'participants'>): Layer => ({
  rotation: 'daily',
  handoffTime: '09:00',
  startDate: '2026-01-05',
  endsAt: null,
  restrictions: [],
  ...l,
});
const schedule = (timeZone: string, layers: Layer[], overrides: ResolverSchedule['overrides'] = []): ResolverSchedule => ({ timeZone, layers, overrides });
const at = (iso: string) => new Date(iso);
const hours = (s: { start: Date; end: Date }) => (s.end.getTime() - s.start.getTime()) / 3_600_000;
const plain = (shifts: ReturnType<typeof resolveShifts>) => shifts.map((s) => [s.userId, s.start.toISOString(), s.end.toISOString(), s.source]);

describe('rotations hand off at local wall-clock time', () => {
  it('keeps a daily 09:00 hand-off in Europe/Berlin at 09:00 across spring forward (23 h shift) and fall back (25 h shift)', () => {
    const s = schedule('Europe/Berlin', [layer({ participants: ['ana', 'ben'], startDate: '2026-03-01' })]);
    // 2026-03-29 02:00 CET -> 03:00 CEST
    expect(plain(resolveShifts(s, at('2026-03-28T08:00:00Z'), at('2026-03-30T07:00:00Z')))).toEqual([
      ['ben', '2026-03-28T08:00:00.000Z', '2026-03-29T07:00:00.000Z', 0],
      ['ana', '2026-03-29T07:00:00.000Z', '2026-03-30T07:00:00.000Z', 0],
    ]);
    // 2026-10-25 03:00 CEST -> 02:00 CET
    const fall = resolveShifts(s, at('2026-10-24T07:00:00Z'), at('2026-10-26T08:00:00Z'));
    expect(plain(fall)).toEqual([
      ['ben', '2026-10-24T07:00:00.000Z', '2026-10-25T08:00:00.000Z', 0],
      ['ana', '2026-10-25T08:00:00.000Z', '2026-10-26T08:00:00.000Z', 0],
    ]);
    expect(fall.map(hours)).toEqual([25, 24]);
    expect(whoIsOnCall(s, at('2026-10-25T07:59:59.999Z'))).toBe('ben');
    expect(whoIsOnCall(s, at('2026-10-25T08:00:00Z'))).toBe('ana');
  });

  it('keeps a weekly Monday 10:00 hand-off in America/New_York across both DST changes (167 h and 169 h weeks)', () => {
    const s = schedule('America/New_York', [layer({ participants: ['ana', 'ben', 'cai'], rotation: 'weekly', handoffTime: '10:00', startDate: '2026-03-02' })]);
    // 2026-03-08 02:00 EST -> 03:00 EDT
    const spring = resolveShifts(s, at('2026-03-02T15:00:00Z'), at('2026-03-16T14:00:00Z'));
    expect(plain(spring)).toEqual([
      ['ana', '2026-03-02T15:00:00.000Z', '2026-03-09T14:00:00.000Z', 0],
      ['ben', '2026-03-09T14:00:00.000Z', '2026-03-16T14:00:00.000Z', 0],
    ]);
    expect(spring.map(hours)).toEqual([167, 168]);
    // 2026-11-01 02:00 EDT -> 01:00 EST; Monday 2026-10-26 is week 34 since the anchor
    const fall = resolveShifts(s, at('2026-10-26T14:00:00Z'), at('2026-11-02T15:00:00Z'));
    expect(fall.map((f) => [f.userId, f.start.toISOString(), hours(f)])).toEqual([['ben', '2026-10-26T14:00:00.000Z', 169]]);
  });

  it('keeps a custom 12-hour rotation at 08:00 and 20:00 local in New York', () => {
    const s = schedule('America/New_York', [layer({ participants: ['day', 'night'], rotation: 'custom', shiftHours: 12, handoffTime: '08:00', startDate: '2026-03-06' })]);
    const shifts = resolveShifts(s, at('2026-03-07T13:00:00Z'), at('2026-03-09T12:00:00Z'));
    expect(plain(shifts)).toEqual([
      ['day', '2026-03-07T13:00:00.000Z', '2026-03-08T01:00:00.000Z', 0],
      ['night', '2026-03-08T01:00:00.000Z', '2026-03-08T12:00:00.000Z', 0],
      ['day', '2026-03-08T12:00:00.000Z', '2026-03-09T00:00:00.000Z', 0],
      ['night', '2026-03-09T00:00:00.000Z', '2026-03-09T12:00:00.000Z', 0],
    ]);
    expect(shifts.map(hours)).toEqual([12, 11, 12, 12]);
  });

  it('hands off inside a DST gap when the clock jumps past it, and in the repeated hour at its first occurrence', () => {
    const s = schedule('Europe/Berlin', [layer({ participants: ['ana', 'ben'], handoffTime: '02:30', startDate: '2026-03-27' })]);
    // 02:30 does not exist on 2026-03-29: the hand-off is at the jump (01:00Z = 03:00 CEST).
    expect(plain(resolveShifts(s, at('2026-03-28T01:30:00Z'), at('2026-03-30T00:30:00Z')))).toEqual([
      ['ben', '2026-03-28T01:30:00.000Z', '2026-03-29T01:00:00.000Z', 0],
      ['ana', '2026-03-29T01:00:00.000Z', '2026-03-30T00:30:00.000Z', 0],
    ]);
    // 02:30 happens twice on 2026-10-25: the first one (00:30Z, still CEST) counts.
    const fall = schedule('Europe/Berlin', [layer({ participants: ['ana', 'ben'], handoffTime: '02:30', startDate: '2026-10-23' })]);
    expect(whoIsOnCall(fall, at('2026-10-25T00:29:59Z'))).toBe('ben');
    expect(whoIsOnCall(fall, at('2026-10-25T00:30:00Z'))).toBe('ana');
    expect(whoIsOnCall(fall, at('2026-10-25T01:30:00Z'))).toBe('ana');
  });

  it('has nobody before the first hand-off or from the layer end on', () => {
    const s = schedule('UTC', [layer({ participants: ['ana'], startDate: '2026-02-01', endsAt: '2026-02-03T12:00:00.000Z' })]);
    expect(whoIsOnCall(s, at('2026-02-01T08:59:59Z'))).toBeNull();
    expect(whoIsOnCall(s, at('2026-02-01T09:00:00Z'))).toBe('ana');
    expect(whoIsOnCall(s, at('2026-02-03T12:00:00Z'))).toBeNull();
    // One participant, many days: one shift.
    expect(plain(resolveShifts(s, at('2026-01-31T00:00:00Z'), at('2026-02-10T00:00:00Z')))).toEqual([['ana', '2026-02-01T09:00:00.000Z', '2026-02-03T12:00:00.000Z', 0]]);
  });
});

describe('restrictions', () => {
  it('limits a layer to weekday business hours; outside them the layer has nobody and the rotation runs on', () => {
    const s = schedule('Europe/Berlin', [
      layer({ participants: ['ana', 'ben'], handoffTime: '00:00', startDate: '2026-06-01', restrictions: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '17:00' }] }),
    ]);
    // Friday 2026-06-05 .. Monday 2026-06-08 (CEST = UTC+2)
    expect(plain(resolveShifts(s, at('2026-06-05T00:00:00Z'), at('2026-06-09T00:00:00Z')))).toEqual([
      ['ana', '2026-06-05T07:00:00.000Z', '2026-06-05T15:00:00.000Z', 0],
      ['ben', '2026-06-08T07:00:00.000Z', '2026-06-08T15:00:00.000Z', 0],
    ]);
    expect(whoIsOnCall(s, at('2026-06-06T10:00:00Z'))).toBeNull();
    expect(whoIsOnCall(s, at('2026-06-09T08:00:00Z'))).toBe('ana');
  });

  it('runs an overnight window into the next day and cuts a shift at the window edge', () => {
    const s = schedule('America/New_York', [
      layer({ participants: ['ana', 'ben'], handoffTime: '00:00', startDate: '2026-06-01', restrictions: [{ days: ['fri'], start: '22:00', end: '06:00' }] }),
    ]);
    // Friday 2026-06-05 22:00 EDT -> Saturday 06:00 EDT, split by the midnight hand-off.
    expect(plain(resolveShifts(s, at('2026-06-05T00:00:00Z'), at('2026-06-07T00:00:00Z')))).toEqual([
      ['ana', '2026-06-06T02:00:00.000Z', '2026-06-06T04:00:00.000Z', 0],
      ['ben', '2026-06-06T04:00:00.000Z', '2026-06-06T10:00:00.000Z', 0],
    ]);
  });
});

describe('layers and overrides', () => {
  const base = layer({ participants: ['ana', 'ben'], rotation: 'weekly', handoffTime: '09:00', startDate: '2026-06-01' });
  const nights = layer({ participants: ['nia'], handoffTime: '00:00', startDate: '2026-06-01', restrictions: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], start: '20:00', end: '08:00' }] });

  it('lets a later layer override an earlier one where it has someone, and falls back where it does not', () => {
    const s = schedule('UTC', [base, nights]);
    expect(whoIsOnCall(s, at('2026-06-02T12:00:00Z'))).toBe('ana');
    expect(whoIsOnCall(s, at('2026-06-02T21:00:00Z'))).toBe('nia');
    expect(plain(resolveShifts(s, at('2026-06-02T00:00:00Z'), at('2026-06-03T00:00:00Z')))).toEqual([
      ['nia', '2026-06-02T00:00:00.000Z', '2026-06-02T08:00:00.000Z', 1],
      ['ana', '2026-06-02T08:00:00.000Z', '2026-06-02T20:00:00.000Z', 0],
      ['nia', '2026-06-02T20:00:00.000Z', '2026-06-03T00:00:00.000Z', 1],
    ]);
  });

  it('lets an override win over all layers, and among overlapping overrides the most recently created', () => {
    const s = schedule(
      'UTC',
      [base, nights],
      [
        { userId: 'olga', start: at('2026-06-02T06:00:00Z'), end: at('2026-06-02T22:00:00Z') },
        { userId: 'pia', start: at('2026-06-02T10:00:00Z'), end: at('2026-06-02T12:00:00Z') },
        { userId: 'olga', start: at('2026-06-02T11:00:00Z'), end: at('2026-06-02T11:30:00Z') },
      ],
    );
    expect(plain(resolveShifts(s, at('2026-06-02T00:00:00Z'), at('2026-06-03T00:00:00Z')))).toEqual([
      ['nia', '2026-06-02T00:00:00.000Z', '2026-06-02T06:00:00.000Z', 1],
      ['olga', '2026-06-02T06:00:00.000Z', '2026-06-02T10:00:00.000Z', 'override'],
      ['pia', '2026-06-02T10:00:00.000Z', '2026-06-02T11:00:00.000Z', 'override'],
      ['olga', '2026-06-02T11:00:00.000Z', '2026-06-02T11:30:00.000Z', 'override'],
      ['pia', '2026-06-02T11:30:00.000Z', '2026-06-02T12:00:00.000Z', 'override'],
      ['olga', '2026-06-02T12:00:00.000Z', '2026-06-02T22:00:00.000Z', 'override'],
      ['nia', '2026-06-02T22:00:00.000Z', '2026-06-03T00:00:00.000Z', 1],
    ]);
    expect(whoIsOnCall(s, at('2026-06-02T11:15:00Z'))).toBe('olga');
    expect(whoIsOnCall(s, at('2026-06-02T11:45:00Z'))).toBe('pia');
    // Created the other way round, the short override is hidden under the long one.
    const reversed = schedule('UTC', [base], [s.overrides[1]!, s.overrides[0]!]);
    expect(whoIsOnCall(reversed, at('2026-06-02T11:00:00Z'))).toBe('olga');
  });

  it('fills a gap with an override and returns nothing where nobody is on call', () => {
    const s = schedule('UTC', [], [{ userId: 'olga', start: at('2026-06-02T06:00:00Z'), end: at('2026-06-02T07:00:00Z') }]);
    expect(whoIsOnCall(s, at('2026-06-02T05:00:00Z'))).toBeNull();
    expect(plain(resolveShifts(s, at('2026-06-02T00:00:00Z'), at('2026-06-03T00:00:00Z')))).toEqual([['olga', '2026-06-02T06:00:00.000Z', '2026-06-02T07:00:00.000Z', 'override']]);
    expect(resolveShifts(s, at('2026-06-03T00:00:00Z'), at('2026-06-02T00:00:00Z'))).toEqual([]);
  });
});
