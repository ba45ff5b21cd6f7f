import { describe, expect, it } from 'vitest';
import { deadlineStatus, soonMs } from './deadline-state';

const now = Date.parse('2026-11-29T12:00:00Z');
const at = (ms: number) => new Date(now + ms).toISOString();

describe('deadline status', () => {
  it('orders breached, paused, overdue, soon and running', () => {
    expect(deadlineStatus({ state: 'breached', dueAt: at(3_600_000), remainingMs: -1 }, now)).toBe('breached');
    expect(deadlineStatus({ state: 'paused', dueAt: null, remainingMs: 60_000 }, now)).toBe('paused');
    expect(deadlineStatus({ state: 'running', dueAt: at(-1), remainingMs: 0 }, now)).toBe('overdue');
    expect(deadlineStatus({ state: 'running', dueAt: at(soonMs), remainingMs: soonMs }, now)).toBe('soon');
    expect(deadlineStatus({ state: 'running', dueAt: at(soonMs + 1), remainingMs: soonMs }, now)).toBe('running');
  });
});
