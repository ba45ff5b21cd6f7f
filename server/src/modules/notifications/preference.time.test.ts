import { describe, expect, it } from 'vitest';
import type { QuietWindow } from '@vigil/shared';
import { digestDueAt, quietHoursEnd } from './preference.time.js';

const weekdayNights: QuietWindow = { days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '22:00', end: '07:00' };
const weekend: QuietWindow = { days: ['sat', 'sun'], start: '00:00', end: '10:00' };
const berlin = 'Europe/Berlin';

describe('quiet hours in the user time zone', () => {
  it('knows a night window that began the evening before, in local time', () => {
    // Tuesday 2026-05-05 03:00 in Berlin (CEST, UTC+2) = 01:00Z: inside Monday's 22:00-07:00.
    expect(quietHoursEnd([weekdayNights], berlin, new Date('2026-05-05T01:00:00Z'))?.toISOString()).toBe('2026-05-05T05:00:00.000Z');
    // Tuesday 21:59 local is not quiet; 22:00 is.
    expect(quietHoursEnd([weekdayNights], berlin, new Date('2026-05-05T19:59:00Z'))).toBeNull();
    expect(quietHoursEnd([weekdayNights], berlin, new Date('2026-05-05T20:00:00Z'))?.toISOString()).toBe('2026-05-06T05:00:00.000Z');
    // The same instant is Monday 21:00 in New York (EDT): not quiet yet; two hours later it is.
    expect(quietHoursEnd([weekdayNights], 'America/New_York', new Date('2026-05-05T01:00:00Z'))).toBeNull();
    expect(quietHoursEnd([weekdayNights], 'America/New_York', new Date('2026-05-05T03:00:00Z'))?.toISOString()).toBe('2026-05-05T11:00:00.000Z');
  });

  it('follows windows that chain: Friday night into the weekend morning', () => {
    // Saturday 2026-05-09 02:00 local: Friday's window ends 07:00, the weekend window runs 00:00-10:00.
    expect(quietHoursEnd([weekdayNights, weekend], berlin, new Date('2026-05-09T00:00:00Z'))?.toISOString()).toBe('2026-05-09T08:00:00.000Z');
    // Friday 23:00 local: Friday 22:00-07:00 overlaps Saturday 00:00-10:00, so quiet until Saturday 10:00.
    expect(quietHoursEnd([weekdayNights, weekend], berlin, new Date('2026-05-08T21:00:00Z'))?.toISOString()).toBe('2026-05-09T08:00:00.000Z');
    // Sunday night is not a weekday night.
    expect(quietHoursEnd([weekdayNights, weekend], berlin, new Date('2026-05-10T21:00:00Z'))).toBeNull();
  });

  it('puts a digest at the next full local hour or at 08:00, after quiet hours', () => {
    expect(digestDueAt('hourly', [], 'Asia/Kolkata', new Date('2026-05-05T10:10:00Z')).toISOString()).toBe('2026-05-05T10:30:00.000Z');
    expect(digestDueAt('daily', [], berlin, new Date('2026-05-05T04:00:00Z')).toISOString()).toBe('2026-05-05T06:00:00.000Z');
    expect(digestDueAt('daily', [], berlin, new Date('2026-05-05T07:00:00Z')).toISOString()).toBe('2026-05-06T06:00:00.000Z');
    expect(digestDueAt('hourly', [weekdayNights], berlin, new Date('2026-05-05T20:30:00Z')).toISOString()).toBe('2026-05-06T05:00:00.000Z');
  });
});
