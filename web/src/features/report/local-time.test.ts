import { describe, expect, it } from 'vitest';
import { fromLocalInput, toLocalInput } from './local-time';

describe('datetime-local in a chosen time zone', () => {
  it('reads and writes wall-clock times of the zone, not of the device', () => {
    expect(toLocalInput('2026-03-01T09:30:00Z', 'Europe/Berlin')).toBe('2026-03-01T10:30');
    expect(toLocalInput('2026-07-01T09:30:00Z', 'Europe/Berlin')).toBe('2026-07-01T11:30');
    expect(toLocalInput('2026-07-01T09:30:00Z', 'America/New_York')).toBe('2026-07-01T05:30');
    expect(fromLocalInput('2026-03-01T10:30', 'Europe/Berlin')).toBe('2026-03-01T09:30:00.000Z');
    expect(fromLocalInput('2026-07-01T05:30', 'America/New_York')).toBe('2026-07-01T09:30:00.000Z');
    expect(fromLocalInput('2026-07-01T05:30', 'UTC')).toBe('2026-07-01T05:30:00.000Z');
  });

  it('round-trips every quarter hour across both daylight-saving changes', () => {
    for (let t = Date.UTC(2026, 2, 28); t < Date.UTC(2026, 2, 30); t += 15 * 60_000) {
      expect(fromLocalInput(toLocalInput(t, 'Europe/Berlin'), 'Europe/Berlin')).toBe(new Date(t).toISOString());
    }
    for (let t = Date.UTC(2026, 9, 24); t < Date.UTC(2026, 9, 26); t += 15 * 60_000) {
      const local = toLocalInput(t, 'Europe/Berlin');
      // The repeated hour maps to its first occurrence; every other time round-trips exactly.
      const back = fromLocalInput(local, 'Europe/Berlin')!;
      expect(toLocalInput(back, 'Europe/Berlin')).toBe(local);
    }
  });

  it('takes a time skipped by the spring change after the jump, and refuses what is not a time', () => {
    expect(fromLocalInput('2026-03-29T02:30', 'Europe/Berlin')).toBe('2026-03-29T01:30:00.000Z');
    expect(fromLocalInput('2026-10-25T02:30', 'Europe/Berlin')).toBe('2026-10-25T00:30:00.000Z');
    expect(fromLocalInput('', 'UTC')).toBeNull();
    expect(fromLocalInput('yesterday', 'UTC')).toBeNull();
    expect(toLocalInput('not a date', 'UTC')).toBe('');
    expect(toLocalInput(null, 'UTC')).toBe('');
  });
});
