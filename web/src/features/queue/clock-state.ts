import type { IncidentClock } from '@vigil/shared';

export type ClockTone = 'danger' | 'warning' | 'neutral';

export type ClockView = {
  clock: IncidentClock;
  /** Time left (negative once overdue): wall-clock until the due time while it runs, the frozen business time while paused. */
  remainingMs: number;
  tone: ClockTone;
  paused: boolean;
};

const slaKinds = new Set(['sla_ack', 'sla_resolve', 'sla_update']);

/** Share of the target left at which a clock turns amber: the clock engine warns at 75 % by default. */
const warnShareLeft = 0.25;

/**
 * The clock the list shows for an incident: among its running, paused or breached SLA clocks (legal
 * clocks when it has no SLA clock), the one due first. Red when breached or overdue; amber once less
 * than a quarter of its span is left (the list's clocks carry no warning time of their own, so the
 * span is taken from the incident's creation to the due time).
 */
export function nearestClock(clocks: readonly IncidentClock[], createdAt: string, now: number): ClockView | null {
  const open = clocks.filter((c) => c.state === 'running' || c.state === 'paused' || c.state === 'breached');
  const sla = open.filter((c) => slaKinds.has(c.kind));
  const candidates = (sla.length > 0 ? sla : open)
    .map((clock) => {
      const paused = clock.state === 'paused';
      const remainingMs = paused || !clock.dueAt ? (clock.remainingMs ?? 0) : Date.parse(clock.dueAt) - now;
      return { clock, remainingMs, paused };
    })
    .sort((a, b) => a.remainingMs - b.remainingMs);
  const first = candidates[0];
  if (!first) return null;
  const { clock, remainingMs, paused } = first;
  let tone: ClockTone = 'neutral';
  if (clock.state === 'breached' || remainingMs < 0) tone = 'danger';
  else if (clock.dueAt && !paused) {
    const span = Date.parse(clock.dueAt) - Date.parse(createdAt);
    if (span > 0 && remainingMs <= span * warnShareLeft) tone = 'warning';
  }
  return { clock, remainingMs, tone, paused };
}
