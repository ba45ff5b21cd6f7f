import type { Schedule, ScheduleLayer, ScheduleOnCall, ScheduleOverride, Shift, TeamOnCall } from '@vigil/shared';
import type { DbOrTx } from '../../db/client.js';
import type { ScheduleOverrideRow, ScheduleRow } from '../../db/schema.js';
import type { Actor, Deps } from '../../platform/context.js';
import { notFound } from '../../platform/errors.js';
import { scheduleFeedSecret, scheduleFeedUrl } from './feed.secret.js';
import { assertMayReadSchedules } from './schedule.policy.js';
import { presentOverride, presentSchedule } from './schedule.presenter.js';
import {
  selectOverlappingOverrides,
  selectOverridesWithNames,
  selectSchedule,
  selectScheduleFeedNonces,
  selectSchedules,
  selectUsers,
  teamExists,
} from './schedule.repo.js';
import { resolveShifts, whoIsOnCall, type ResolvedShift, type ResolverSchedule } from './schedule.resolve.js';

const DAY = 86_400_000;
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** How far around `at` the on-call answer looks for the start and end of the current shift. */
const onCallLookBehind = 14 * DAY;
const onCallLookAhead = 35 * DAY;

function toResolver(row: ScheduleRow, overrides: readonly ScheduleOverrideRow[]): ResolverSchedule {
  return {
    timeZone: row.time_zone,
    layers: row.layers as ScheduleLayer[],
    overrides: overrides.filter((o) => o.schedule_id === row.id).map((o) => ({ userId: o.user_id, start: o.starts_at, end: o.ends_at })),
  };
}

/** The final shifts of each schedule within [from, to). */
export async function resolveSchedules(db: DbOrTx, rows: readonly ScheduleRow[], from: Date, to: Date): Promise<Map<string, ResolvedShift[]>> {
  const overrides = await selectOverlappingOverrides(
    db,
    rows.map((r) => r.id),
    from,
    to,
  );
  return new Map(rows.map((row) => [row.id, resolveShifts(toResolver(row, overrides), from, to)]));
}

/** Shifts with their people's names, as the API shows them. */
export async function presentShifts(db: DbOrTx, shifts: readonly ResolvedShift[]): Promise<Shift[]> {
  const users = await selectUsers(
    db,
    shifts.map((s) => s.userId),
  );
  return shifts.map((s) => ({ user: { id: s.userId, name: users.get(s.userId)?.name ?? '' }, start: s.start.toISOString(), end: s.end.toISOString(), source: s.source }));
}

async function withFeedUrls(deps: Deps, rows: readonly ScheduleRow[]): Promise<Schedule[]> {
  const nonces = await selectScheduleFeedNonces(
    deps.db,
    rows.map((r) => r.id),
  );
  return rows.map((row) => {
    const nonce = nonces.get(row.id);
    return presentSchedule(row, nonce ? scheduleFeedUrl(deps.config.baseUrl, scheduleFeedSecret(deps.config.secret, nonce)) : null);
  });
}

async function loadSchedule(db: DbOrTx, actor: Actor, id: string): Promise<ScheduleRow> {
  assertMayReadSchedules(actor);
  const row = await selectSchedule(db, id);
  if (!row) throw notFound('Schedule');
  return row;
}

/** Every schedule (or a team's), by name. */
export async function listSchedules(deps: Deps, actor: Actor, filter: { teamId?: string | undefined }): Promise<{ items: Schedule[] }> {
  assertMayReadSchedules(actor);
  return { items: await withFeedUrls(deps, await selectSchedules(deps.db, filter)) };
}

/** One schedule with its layers and feed URL. */
export async function getSchedule(deps: Deps, actor: Actor, id: string): Promise<Schedule> {
  const row = await loadSchedule(deps.db, actor, id);
  return (await withFeedUrls(deps, [row]))[0]!;
}

/** A schedule's overrides, optionally only those overlapping [from, to). */
export async function listOverrides(db: DbOrTx, actor: Actor, id: string, range: { from?: string | undefined; to?: string | undefined }): Promise<{ items: ScheduleOverride[] }> {
  await loadSchedule(db, actor, id);
  const rows = await selectOverridesWithNames(db, id, range.from ? new Date(range.from) : undefined, range.to ? new Date(range.to) : undefined);
  return { items: rows.map(presentOverride) };
}

/** The final shift list of a schedule within [from, to). */
export async function getShifts(db: DbOrTx, actor: Actor, id: string, from: Date, to: Date) {
  const row = await loadSchedule(db, actor, id);
  const shifts = (await resolveSchedules(db, [row], from, to)).get(row.id) ?? [];
  return { scheduleId: id, from: from.toISOString(), to: to.toISOString(), items: await presentShifts(db, shifts) };
}

async function onCallOf(db: DbOrTx, rows: readonly ScheduleRow[], at: Date): Promise<ScheduleOnCall[]> {
  const from = new Date(at.getTime() - onCallLookBehind);
  const to = new Date(at.getTime() + onCallLookAhead);
  const resolved = await resolveSchedules(db, rows, from, to);
  const current = rows.map((row) => (resolved.get(row.id) ?? []).find((s) => s.start <= at && at < s.end) ?? null);
  const presented = await presentShifts(
    db,
    current.filter((s): s is ResolvedShift => s !== null),
  );
  let next = 0;
  return rows.map((row, i) => {
    const shift = current[i] ? presented[next++]! : null;
    // A shift cut by the lookup window has no known start or end.
    const bounded = shift && { ...shift, start: current[i]!.start > from ? shift.start : null, end: current[i]!.end < to ? shift.end : null };
    return { scheduleId: row.id, scheduleName: row.name, at: at.toISOString(), shift: bounded };
  });
}

/** Who is on call in a schedule at `at`, with the shift that covers it. */
export async function getOnCall(db: DbOrTx, actor: Actor, id: string, at: Date): Promise<ScheduleOnCall> {
  const row = await loadSchedule(db, actor, id);
  return (await onCallOf(db, [row], at))[0]!;
}

/** Who is on call at `at` in each of a team's schedules. */
export async function getTeamOnCall(db: DbOrTx, actor: Actor, teamId: string, at: Date): Promise<TeamOnCall> {
  assertMayReadSchedules(actor);
  if (!(await teamExists(db, teamId))) throw notFound('Team');
  return { teamId, at: at.toISOString(), items: await onCallOf(db, await selectSchedules(db, { teamId }), at) };
}

/** The user on call in the schedule at `at`; null when nobody is or there is no such schedule. For other modules (escalation). */
export async function whoIsOnCallInSchedule(db: DbOrTx, scheduleId: string, at: Date): Promise<string | null> {
  if (!uuidPattern.test(scheduleId)) return null;
  const row = await selectSchedule(db, scheduleId);
  if (!row) return null;
  const overrides = await selectOverlappingOverrides(db, [row.id], at, new Date(at.getTime() + 1));
  return whoIsOnCall(toResolver(row, overrides), at);
}

export type TeamOnCallEntry = { scheduleId: string; scheduleName: string; userId: string };

/** Everyone on call at `at` across the team's schedules (schedules with nobody left out). For other modules (escalation). */
export async function onCallForTeam(db: DbOrTx, teamId: string, at: Date): Promise<TeamOnCallEntry[]> {
  if (!uuidPattern.test(teamId)) return [];
  const rows = await selectSchedules(db, { teamId });
  const overrides = await selectOverlappingOverrides(
    db,
    rows.map((r) => r.id),
    at,
    new Date(at.getTime() + 1),
  );
  return rows.flatMap((row) => {
    const userId = whoIsOnCall(toResolver(row, overrides), at);
    return userId ? [{ scheduleId: row.id, scheduleName: row.name, userId }] : [];
  });
}

/** Whether a schedule with this id exists (to check escalation targets). */
export async function scheduleExists(db: DbOrTx, id: string): Promise<boolean> {
  return uuidPattern.test(id) && (await selectSchedule(db, id)) !== undefined;
}
