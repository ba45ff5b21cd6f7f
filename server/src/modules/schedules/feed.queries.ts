import { feedSecretPattern, type ScheduleLayer } from '@vigil/shared';
import type { ScheduleRow } from '../../db/schema.js';
import type { Deps } from '../../platform/context.js';
import { notFound } from '../../platform/errors.js';
import { renderCalendar, type CalendarEvent } from './feed.ical.js';
import { feedSecretHash } from './feed.secret.js';
import { resolveSchedules } from './schedule.queries.js';
import { selectFeedTokenByHash, selectSchedule, selectSchedulesOfUser, selectUserForFeed, selectUsers } from './schedule.repo.js';
import type { ResolvedShift } from './schedule.resolve.js';

const DAY = 86_400_000;

/** A feed shows 30 days back and 90 ahead, from the start of the current UTC day (stable within a day). */
export function feedWindow(now: Date): { from: Date; to: Date } {
  const today = Math.floor(now.getTime() / DAY) * DAY;
  return { from: new Date(today - 30 * DAY), to: new Date(today + 91 * DAY) };
}

/** The same shift gets the same UID in every export, so calendar programs update it instead of duplicating it. */
export function shiftUid(scheduleId: string, shift: ResolvedShift, host: string): string {
  return `${scheduleId}-${shift.userId}-${Math.floor(shift.start.getTime() / 1000)}@${host}`;
}

function shiftEvent(deps: Deps, schedule: ScheduleRow, shift: ResolvedShift, summary: string): CalendarEvent {
  const layers = schedule.layers as ScheduleLayer[];
  const from = shift.source === 'override' ? 'Override' : `Layer: ${layers[shift.source]?.name ?? shift.source}`;
  return {
    uid: shiftUid(schedule.id, shift, new URL(deps.config.baseUrl).hostname),
    start: shift.start,
    end: shift.end,
    summary,
    description: `Schedule: ${schedule.name}\n${from}`,
    sequence: schedule.revision,
  };
}

async function tokenOf(deps: Deps, secret: string) {
  if (!feedSecretPattern.test(secret)) return undefined;
  return selectFeedTokenByHash(deps.db, feedSecretHash(secret));
}

/** The iCalendar feed of a schedule, by its secret; 404 for an unknown or revoked secret. */
export async function getScheduleFeed(deps: Deps, secret: string): Promise<string> {
  const token = await tokenOf(deps, secret);
  const schedule = token?.schedule_id ? await selectSchedule(deps.db, token.schedule_id) : undefined;
  if (!schedule) throw notFound('Calendar feed');
  const now = deps.clock.now();
  const { from, to } = feedWindow(now);
  const shifts = (await resolveSchedules(deps.db, [schedule], from, to)).get(schedule.id) ?? [];
  const users = await selectUsers(
    deps.db,
    shifts.map((s) => s.userId),
  );
  const events = shifts.map((s) => shiftEvent(deps, schedule, s, `On call: ${users.get(s.userId)?.name ?? 'unknown'} (${schedule.name})`));
  return renderCalendar({ name: schedule.name, description: schedule.description || undefined, stamp: now, events });
}

/** The iCalendar feed of a person's shifts across all schedules, by its secret; 404 for an unknown or revoked secret. */
export async function getUserFeed(deps: Deps, secret: string): Promise<string> {
  const token = await tokenOf(deps, secret);
  const user = token?.user_id ? await selectUserForFeed(deps.db, token.user_id) : undefined;
  if (!user?.active) throw notFound('Calendar feed');
  const now = deps.clock.now();
  const { from, to } = feedWindow(now);
  const schedules = await selectSchedulesOfUser(deps.db, user.id, from);
  const resolved = await resolveSchedules(deps.db, schedules, from, to);
  const events = schedules
    .flatMap((schedule) => (resolved.get(schedule.id) ?? []).filter((s) => s.userId === user.id).map((s) => shiftEvent(deps, schedule, s, `On call: ${schedule.name}`)))
    .sort((a, b) => a.start.getTime() - b.start.getTime() || a.uid.localeCompare(b.uid));
  return renderCalendar({ name: `On call: ${user.name}`, stamp: now, events });
}
