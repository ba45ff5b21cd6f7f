import type { Tx } from '../../db/client.js';
import type { ClockRow } from '../../db/schema.js';
import { systemActor, type Deps } from '../../platform/context.js';
import { runBreachActions, runWarningActions } from './clock.actions.js';
import { breachClock } from './clock.engine.js';
import type { TimerPayload } from './clock.jobs.js';
import { changeClock, type ClockContext } from './clock.lifecycle.js';
import { lockIncidentRow, selectClockById, selectIncidentIdOfClock } from './clock.repo.js';

type TimerRun = (ctx: ClockContext, clock: ClockRow) => Promise<void>;

/**
 * Runs a timer job for a clock in one transaction, with the incident and then the clock locked (the
 * order incident commands use). Does nothing when the clock moved on since the job was enqueued: its
 * version differs, or it no longer runs. So a job run twice (a lease lost mid-run) acts once.
 */
async function withCurrentClock(deps: Deps, p: TimerPayload, run: TimerRun): Promise<void> {
  const incidentId = await selectIncidentIdOfClock(deps.db, p.clockId);
  if (!incidentId) return;
  await deps.db.transaction().execute(async (tx: Tx) => {
    const incident = await lockIncidentRow(tx, incidentId);
    const clock = await selectClockById(tx, p.clockId, { lock: true });
    if (!incident || !clock || clock.version !== p.version || clock.state !== 'running') return;
    await run({ tx, deps, actor: systemActor, incident, at: deps.clock.now() }, clock);
  });
}

/** The warning job: tells the clock's people that the deadline is near (once; not when it is already due). */
export async function fireWarning(deps: Deps, p: TimerPayload): Promise<void> {
  await withCurrentClock(deps, p, async (ctx, clock) => {
    if (clock.warned_at || !clock.due_at || clock.due_at.getTime() <= ctx.at.getTime()) return;
    const warned = await changeClock(ctx, clock, { warned_at: ctx.at, warn_at: null }, 'clock.warning', { percent: clock.warn_percent });
    await runWarningActions(ctx, warned);
  });
}

/** The breach job: marks the clock breached at its due time and takes its breach actions, once. */
export async function fireBreach(deps: Deps, p: TimerPayload): Promise<void> {
  await withCurrentClock(deps, p, async (ctx, clock) => {
    const lateByMs = ctx.at.getTime() - clock.due_at!.getTime();
    const breached = await changeClock(ctx, clock, breachClock(clock), 'clock.breached', { firedAt: ctx.at.toISOString(), lateByMs });
    await runBreachActions(ctx, breached);
  });
}
