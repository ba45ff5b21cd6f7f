import type { Clock, ClockKind, IncidentClock } from '@vigil/shared';

export type ClockTone = 'danger' | 'warning' | 'success' | 'neutral' | 'info';

export type ClockStatus = {
  /** What the clock shows: counting down, stopped (paused), done (met or waived), or late (breached or past due). */
  phase: 'running' | 'paused' | 'met' | 'waived' | 'overdue';
  tone: ClockTone;
  /** Wall-clock time until the due time (negative when past it); null without a due time. */
  untilDueMs: number | null;
  /** Business time left as the engine counts it (calendar hours only); null once met or waived. */
  businessLeftMs: number | null;
};

const legalKinds: readonly ClockKind[] = ['gdpr_art33', 'gdpr_art34', 'nis2_early_warning', 'nis2_notification', 'nis2_final_report'];

export const isLegalKind = (kind: ClockKind) => legalKinds.includes(kind);

/** Share of the target left at which a clock without a warning time of its own turns amber (the engine warns at 75 % by default). */
const warnShareLeft = 0.25;

/**
 * The state of a clock at `now`. `clock` is the detailed clock of GET …/clocks when loaded (warning
 * time, target, calendar), else the short one of the incident. `asOf` is when the server counted
 * `remainingMs`: on a 24x7 calendar business time runs with the wall clock, so it is counted on;
 * on a business calendar it is shown as the server counted it (refetched every minute).
 */
export function clockStatus(clock: IncidentClock & Partial<Pick<Clock, 'warnAt' | 'warnedAt' | 'targetMs' | 'calendar'>>, now: number, asOf: number = now): ClockStatus {
  const untilDueMs = clock.dueAt ? Date.parse(clock.dueAt) - now : null;
  const alwaysOpen = clock.calendar?.alwaysOpen ?? false;
  const businessLeftMs = clock.remainingMs === null ? null : clock.state === 'running' && alwaysOpen ? clock.remainingMs - (now - asOf) : clock.remainingMs;
  switch (clock.state) {
    case 'met':
      return { phase: 'met', tone: 'success', untilDueMs, businessLeftMs: null };
    case 'waived':
      return { phase: 'waived', tone: 'neutral', untilDueMs, businessLeftMs: null };
    case 'breached':
      return { phase: 'overdue', tone: 'danger', untilDueMs, businessLeftMs };
    case 'paused':
      return { phase: 'paused', tone: 'info', untilDueMs, businessLeftMs };
    case 'running': {
      if ((untilDueMs !== null && untilDueMs < 0) || (businessLeftMs !== null && businessLeftMs < 0)) return { phase: 'overdue', tone: 'danger', untilDueMs, businessLeftMs };
      const warned = Boolean(clock.warnedAt) || (clock.warnAt ? Date.parse(clock.warnAt) <= now : false);
      const nearlyDue = clock.targetMs !== undefined && businessLeftMs !== null && clock.targetMs > 0 && businessLeftMs <= clock.targetMs * warnShareLeft;
      return { phase: 'running', tone: warned || nearlyDue ? 'warning' : 'neutral', untilDueMs, businessLeftMs };
    }
  }
}

/** Clocks in the order people look at them: owed first (overdue, running, paused, by due time), then settled ones. */
export function sortClocks<T extends IncidentClock>(clocks: readonly T[]): T[] {
  const rank = (c: IncidentClock) => (c.state === 'breached' ? 0 : c.state === 'running' ? 1 : c.state === 'paused' ? 2 : 3);
  const due = (c: IncidentClock) => (c.dueAt ? Date.parse(c.dueAt) : Number.POSITIVE_INFINITY);
  return [...clocks].sort((a, b) => rank(a) - rank(b) || due(a) - due(b));
}
