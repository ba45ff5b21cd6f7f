import type { Deadline } from '@vigil/shared';

export type DeadlineTone = 'danger' | 'warning' | 'info' | 'neutral';
export type DeadlineStatus = 'overdue' | 'soon' | 'running' | 'paused' | 'breached';

/** Within this much wall time of its due time a running clock counts as due soon. */
export const soonMs = 4 * 3_600_000;

/** The status a deadline shows at `now`: breached or past due first, paused, then due soon or running. */
export function deadlineStatus(d: Pick<Deadline, 'state' | 'dueAt' | 'remainingMs'>, now: number): DeadlineStatus {
  if (d.state === 'breached') return 'breached';
  if (d.state === 'paused') return 'paused';
  const left = d.dueAt ? Date.parse(d.dueAt) - now : (d.remainingMs ?? Infinity);
  if (left < 0) return 'overdue';
  if (left <= soonMs) return 'soon';
  return 'running';
}

export const statusTone: Record<DeadlineStatus, DeadlineTone> = { breached: 'danger', overdue: 'danger', soon: 'warning', running: 'info', paused: 'neutral' };
