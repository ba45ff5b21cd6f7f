import type { BusinessCalendar } from '@vigil/shared';
import type { CalendarSnapshot, ClockRow, ClockStateColumn } from '../../db/schema.js';
import { addBusinessTime, alwaysOpenCalendar, businessTimeBetween } from './calendar.time.js';

/**
 * The clock as a pure state machine: each operation takes a clock and an instant and returns the
 * columns to change. Every change of state or target bumps the version, so a warning or breach job
 * enqueued for an older version finds a mismatch and does nothing.
 */

export type EngineClock = Pick<
  ClockRow,
  'target_ms' | 'calendar' | 'warn_percent' | 'started_at' | 'running_since' | 'elapsed_ms' | 'paused_at' | 'due_at' | 'warn_at' | 'state' | 'warned_at' | 'breached_at' | 'met_at' | 'version'
>;

export type ClockPatch = Partial<
  Pick<
    ClockRow,
    | 'target_ms'
    | 'calendar'
    | 'warn_percent'
    | 'policy_id'
    | 'breach_actions'
    | 'started_at'
    | 'running_since'
    | 'elapsed_ms'
    | 'paused_at'
    | 'due_at'
    | 'warn_at'
    | 'state'
    | 'warned_at'
    | 'breached_at'
    | 'met_at'
    | 'version'
  >
>;

/** The 24x7 calendar as a clock keeps it. */
export const alwaysOpenSnapshot: CalendarSnapshot = { id: null, name: '24x7', timeZone: 'UTC', workingHours: alwaysOpenCalendar.workingHours, holidays: [] };

const calendars = new WeakMap<CalendarSnapshot, BusinessCalendar>();

/** The business calendar of a clock's snapshot (one object per snapshot, so its preparation is reused). */
export function calendarOf(snapshot: CalendarSnapshot): BusinessCalendar {
  let cal = calendars.get(snapshot);
  if (!cal) {
    cal = { timeZone: snapshot.timeZone, workingHours: snapshot.workingHours, holidays: snapshot.holidays };
    calendars.set(snapshot, cal);
  }
  return cal;
}

/** Whether the clock still counts towards its deadline (running, or breached and not yet met). */
export const isCounting = (c: Pick<EngineClock, 'state' | 'met_at' | 'running_since'>) =>
  c.running_since !== null && (c.state === 'running' || (c.state === 'breached' && c.met_at === null));

/** Business time spent by `at`. */
export function elapsedAt(c: EngineClock, at: Date): number {
  return c.elapsed_ms + (isCounting(c) ? businessTimeBetween(calendarOf(c.calendar), c.running_since!, at) : 0);
}

/** Business time left at `at` (negative when overdue); null once the clock is met or waived. */
export function remainingAt(c: EngineClock, at: Date): number | null {
  if (c.state === 'met' || c.state === 'waived' || c.met_at !== null) return null;
  return c.target_ms - elapsedAt(c, at);
}

/** Due and warning instants of a clock running since `since` with `elapsed` business time already spent. */
export function schedule(c: Pick<EngineClock, 'target_ms' | 'calendar' | 'warn_percent' | 'warned_at'>, since: Date, elapsed: number): Pick<ClockPatch, 'due_at' | 'warn_at'> {
  const cal = calendarOf(c.calendar);
  const due = addBusinessTime(cal, since, Math.max(0, c.target_ms - elapsed));
  if (c.warned_at) return { due_at: due, warn_at: null };
  const warnTarget = Math.floor((c.target_ms * c.warn_percent) / 100);
  const warn = elapsed >= warnTarget ? since : addBusinessTime(cal, since, warnTarget - elapsed);
  return { due_at: due, warn_at: warn };
}

export type StartInit = { target_ms: number; calendar: CalendarSnapshot; warn_percent: number; startedAt: Date; paused: boolean };

/** A new clock: running from startedAt, or paused at once (an incident that starts out waiting). */
export function startClock(init: StartInit): Required<Omit<ClockPatch, 'policy_id' | 'breach_actions'>> {
  const base = {
    target_ms: init.target_ms,
    calendar: init.calendar,
    warn_percent: init.warn_percent,
    started_at: init.startedAt,
    elapsed_ms: 0,
    warned_at: null,
    breached_at: null,
    met_at: null,
    version: 1,
  };
  if (init.paused) return { ...base, state: 'paused', running_since: null, paused_at: init.startedAt, due_at: null, warn_at: null };
  const timers = schedule(base, init.startedAt, 0);
  return { ...base, state: 'running', running_since: init.startedAt, paused_at: null, due_at: timers.due_at!, warn_at: timers.warn_at ?? null };
}

/** Stops counting while the incident waits; the spent business time is kept. */
export function pauseClock(c: EngineClock, at: Date): ClockPatch | null {
  if (c.state !== 'running') return null;
  return { state: 'paused', elapsed_ms: elapsedAt(c, at), running_since: null, paused_at: at, due_at: null, warn_at: null, version: c.version + 1 };
}

/** Counts again from `at`, with a new due time from the business time left. */
export function resumeClock(c: EngineClock, at: Date): ClockPatch | null {
  if (c.state !== 'paused') return null;
  return { state: 'running', running_since: at, paused_at: null, ...schedule(c, at, c.elapsed_ms), version: c.version + 1 };
}

export type Retarget = Pick<ClockRow, 'target_ms' | 'calendar' | 'warn_percent'> & Partial<Pick<ClockRow, 'policy_id' | 'breach_actions'>>;

/**
 * A new target (priority changed): the business time spent so far is kept, the due time follows the
 * new target. A clock already past the new target fell due when its time crossed it: in the running
 * stretch if it crossed there, else when that stretch began (the breach job then runs at once).
 */
export function retargetClock(c: EngineClock, at: Date, next: Retarget): ClockPatch | null {
  if (c.state === 'running') {
    const elapsed = elapsedAt(c, at);
    if (elapsed >= next.target_ms && c.running_since) {
      const crossed = next.target_ms >= c.elapsed_ms ? addBusinessTime(calendarOf(c.calendar), c.running_since, next.target_ms - c.elapsed_ms) : c.running_since;
      return { ...next, elapsed_ms: elapsed, running_since: at, due_at: crossed, warn_at: null, version: c.version + 1 };
    }
    return { ...next, elapsed_ms: elapsed, running_since: at, ...schedule({ ...c, ...next }, at, elapsed), version: c.version + 1 };
  }
  if (c.state === 'paused') return { ...next, version: c.version + 1 };
  return null;
}

/** The obligation is fulfilled at `at`: a running or paused clock is met; a breached one records when it was met late. */
export function meetClock(c: EngineClock, at: Date): ClockPatch | null {
  if (c.state === 'running' || c.state === 'paused') {
    return { state: 'met', met_at: at, elapsed_ms: elapsedAt(c, at), running_since: null, paused_at: null, warn_at: null, version: c.version + 1 };
  }
  if (c.state === 'breached' && c.met_at === null) return { met_at: at, elapsed_ms: elapsedAt(c, at), running_since: null, version: c.version + 1 };
  return null;
}

/** The deadline passed unmet; the clock keeps counting how far over it is. */
export function breachClock(c: EngineClock): ClockPatch | null {
  if (c.state !== 'running' || !c.due_at) return null;
  return { state: 'breached', breached_at: c.due_at, warn_at: null, version: c.version + 1 };
}

/** Someone with the authority decided the clock does not apply. */
export function waiveClock(c: EngineClock, at: Date): ClockPatch | null {
  if (c.state === 'waived' || c.state === 'met' || c.met_at !== null) return null;
  return { state: 'waived', elapsed_ms: elapsedAt(c, at), running_since: null, paused_at: null, warn_at: null, version: c.version + 1 };
}

/** A met time-to-resolve counts on when the incident is reopened (paused if it reopens into waiting). */
export function reopenClock(c: EngineClock, at: Date, paused: boolean): ClockPatch | null {
  if (c.state === 'breached' && c.met_at !== null) return { met_at: null, running_since: at, version: c.version + 1 };
  if (c.state !== 'met') return null;
  if (paused) return { state: 'paused', met_at: null, paused_at: at, running_since: null, due_at: null, warn_at: null, version: c.version + 1 };
  return { state: 'running', met_at: null, running_since: at, paused_at: null, ...schedule(c, at, c.elapsed_ms), version: c.version + 1 };
}

/**
 * A new trigger instant (the awareness moment changed): the clock counts afresh from it. A breached
 * clock whose new deadline lies ahead runs again; a running one whose new deadline has passed breaches
 * through its job.
 */
export function restartClock(c: EngineClock, startedAt: Date, at: Date): ClockPatch | null {
  if (c.state === 'waived' || c.state === 'met' || c.met_at !== null) return null;
  const fresh = { ...c, warned_at: null };
  const timers = schedule(fresh, startedAt, 0);
  const overdue = timers.due_at!.getTime() <= at.getTime();
  const state: ClockStateColumn = c.state === 'breached' && overdue ? 'breached' : 'running';
  // A warning already given stands unless the new warning time still lies ahead.
  const warnedAt = state === 'running' && timers.warn_at!.getTime() > at.getTime() ? null : c.warned_at;
  return {
    started_at: startedAt,
    running_since: startedAt,
    elapsed_ms: 0,
    paused_at: null,
    state,
    due_at: timers.due_at!,
    warn_at: state === 'running' && warnedAt === null ? timers.warn_at! : null,
    warned_at: warnedAt,
    breached_at: state === 'breached' ? timers.due_at! : null,
    version: c.version + 1,
  };
}
