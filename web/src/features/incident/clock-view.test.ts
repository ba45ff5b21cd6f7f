import type { IncidentClock } from '@vigil/shared';
import { describe, expect, it } from 'vitest';
import { clockStatus, sortClocks } from './clock-view';

const now = Date.parse('2026-11-29T12:00:00Z');
const clock = (over: Partial<IncidentClock> & Record<string, unknown>): IncidentClock & Record<string, unknown> => ({
  id: '00000000-0000-4000-8000-000000000001',
  kind: 'sla_resolve',
  state: 'running',
  dueAt: '2026-11-29T16:00:00Z',
  remainingMs: 4 * 3_600_000,
  pausedAt: null,
  ...over,
});

describe('clock states on the incident page', () => {
  it('counts down to the due time while running', () => {
    const s = clockStatus(clock({}), now);
    expect(s).toMatchObject({ phase: 'running', tone: 'neutral', untilDueMs: 4 * 3_600_000, businessLeftMs: 4 * 3_600_000 });
  });

  it('turns amber once warned, or with less than a quarter of the target left', () => {
    expect(clockStatus(clock({ warnedAt: '2026-11-29T11:00:00Z' }), now).tone).toBe('warning');
    expect(clockStatus(clock({ warnAt: '2026-11-29T11:59:00Z' }), now).tone).toBe('warning');
    expect(clockStatus(clock({ warnAt: '2026-11-29T13:00:00Z' }), now).tone).toBe('neutral');
    expect(clockStatus(clock({ targetMs: 8 * 3_600_000, remainingMs: 3_600_000, dueAt: '2026-11-29T13:00:00Z' }), now).tone).toBe('warning');
  });

  it('is overdue (red) when breached or past its due time', () => {
    expect(clockStatus(clock({ state: 'breached', dueAt: '2026-11-29T10:00:00Z', remainingMs: -7_200_000 }), now)).toMatchObject({ phase: 'overdue', tone: 'danger', untilDueMs: -7_200_000 });
    expect(clockStatus(clock({ dueAt: '2026-11-29T11:00:00Z', remainingMs: -3_600_000 }), now).phase).toBe('overdue');
  });

  it('shows the frozen business time while paused, and nothing left once met or waived', () => {
    expect(clockStatus(clock({ state: 'paused', pausedAt: '2026-11-29T09:00:00Z', remainingMs: 5_400_000 }), now)).toMatchObject({ phase: 'paused', businessLeftMs: 5_400_000 });
    expect(clockStatus(clock({ state: 'met', remainingMs: null }), now)).toMatchObject({ phase: 'met', tone: 'success', businessLeftMs: null });
    expect(clockStatus(clock({ state: 'waived', remainingMs: null }), now)).toMatchObject({ phase: 'waived', businessLeftMs: null });
  });

  it('counts business time on with the wall clock only on a 24x7 calendar', () => {
    const asOf = now - 60_000;
    const open = clock({ calendar: { id: null, name: '24x7', timeZone: 'UTC', alwaysOpen: true } });
    const office = clock({ calendar: { id: null, name: 'Office', timeZone: 'UTC', alwaysOpen: false } });
    expect(clockStatus(open, now, asOf).businessLeftMs).toBe(4 * 3_600_000 - 60_000);
    expect(clockStatus(office, now, asOf).businessLeftMs).toBe(4 * 3_600_000);
  });

  it('lists owed clocks first, by due time, settled ones last', () => {
    const list = [
      clock({ id: 'met', state: 'met', dueAt: '2026-11-28T00:00:00Z' }),
      clock({ id: 'late', dueAt: '2026-11-29T18:00:00Z' }),
      clock({ id: 'soon', dueAt: '2026-11-29T13:00:00Z' }),
      clock({ id: 'breached', state: 'breached', dueAt: '2026-11-29T11:00:00Z' }),
      clock({ id: 'paused', state: 'paused', dueAt: null }),
    ];
    expect(sortClocks(list).map((c) => c.id)).toEqual(['breached', 'soon', 'late', 'paused', 'met']);
  });
});
