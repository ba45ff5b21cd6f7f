import { describe, expect, it } from 'vitest';
import { fromWallTime, toWallTime, todayIn } from './zoned-time';

describe('wall-clock times in the user time zone', () => {
  it('shows an instant as the wall clock of the zone, not of the browser', () => {
    expect(toWallTime('2026-11-29T15:05:00Z', 'Europe/Berlin')).toBe('2026-11-29T16:05');
    expect(toWallTime('2026-07-01T15:05:00Z', 'Europe/Berlin')).toBe('2026-07-01T17:05');
    expect(toWallTime('2026-11-29T15:05:00Z', 'America/New_York')).toBe('2026-11-29T10:05');
    expect(toWallTime('2026-11-29T15:05:00Z', 'Asia/Kolkata')).toBe('2026-11-29T20:35');
    expect(toWallTime(null, 'UTC')).toBe('');
    expect(toWallTime('not a date', 'UTC')).toBe('');
  });

  it('turns a wall clock of the zone back into the same instant', () => {
    expect(fromWallTime('2026-11-29T16:05', 'Europe/Berlin')).toBe('2026-11-29T15:05:00.000Z');
    expect(fromWallTime('2026-07-01T17:05', 'Europe/Berlin')).toBe('2026-07-01T15:05:00.000Z');
    expect(fromWallTime('2026-11-29T20:35', 'Asia/Kolkata')).toBe('2026-11-29T15:05:00.000Z');
    for (const zone of ['UTC', 'Europe/Berlin', 'America/Los_Angeles', 'Australia/Lord_Howe', 'Asia/Kathmandu']) {
      for (const iso of ['2026-01-15T08:30:00.000Z', '2026-06-15T23:59:00.000Z', '2026-03-29T00:30:00.000Z', '2026-10-25T03:30:00.000Z']) {
        expect(fromWallTime(toWallTime(iso, zone), zone), `${iso} in ${zone}`).toBe(iso);
      }
    }
  });

  it('takes a time skipped by the spring change after the jump, and a repeated autumn time at its first occurrence', () => {
    // 2026-03-29 02:30 does not exist in Berlin (clocks jump from 02:00 to 03:00).
    expect(fromWallTime('2026-03-29T02:30', 'Europe/Berlin')).toBe('2026-03-29T01:30:00.000Z');
    // 2026-10-25 02:30 happens twice in Berlin: first at 00:30 UTC (summer time).
    expect(fromWallTime('2026-10-25T02:30', 'Europe/Berlin')).toBe('2026-10-25T00:30:00.000Z');
  });

  it('refuses what is not a wall time', () => {
    expect(fromWallTime('', 'UTC')).toBeNull();
    expect(fromWallTime('29.11.2026 16:05', 'UTC')).toBeNull();
  });

  it('knows the date of today in the zone', () => {
    expect(todayIn('Asia/Tokyo', Date.parse('2026-11-29T20:00:00Z'))).toBe('2026-11-30');
    expect(todayIn('America/New_York', Date.parse('2026-11-29T03:00:00Z'))).toBe('2026-11-28');
  });
});
