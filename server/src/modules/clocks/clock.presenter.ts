import { isLegalClockKind, type Clock, type IncidentClock, type SubmissionRecord } from '@vigil/shared';
import type { ClockRow } from '../../db/schema.js';
import { isAlwaysOpen } from './calendar.time.js';
import { calendarOf, elapsedAt, remainingAt } from './clock.engine.js';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** A clock as the incident's representation carries it: state, due time, business time left. */
export function presentIncidentClock(row: ClockRow, now: Date): IncidentClock {
  return { id: row.id, kind: row.kind, state: row.state, dueAt: iso(row.due_at), remainingMs: remainingAt(row, now), pausedAt: iso(row.paused_at) };
}

/** A clock in full, as of `now`. */
export function presentClock(row: ClockRow, now: Date): Clock {
  return {
    ...presentIncidentClock(row, now),
    incidentId: row.incident_id,
    legal: isLegalClockKind(row.kind),
    policyId: row.policy_id,
    targetMs: row.target_ms,
    elapsedMs: elapsedAt(row, now),
    startedAt: row.started_at.toISOString(),
    warnAt: iso(row.warn_at),
    warnedAt: iso(row.warned_at),
    breachedAt: iso(row.breached_at),
    metAt: iso(row.met_at),
    waived: row.waived_at ? { at: row.waived_at.toISOString(), reason: row.waived_reason ?? '', by: row.waived_by } : null,
    calendar: { id: row.calendar.id, name: row.calendar.name, timeZone: row.calendar.timeZone, alwaysOpen: isAlwaysOpen(calendarOf(row.calendar)) },
    submissions: row.submissions as SubmissionRecord[],
    version: row.version,
  };
}
