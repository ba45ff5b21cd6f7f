import type { ScheduleOverride, ScheduleOverrideCreate } from '@vigil/shared';
import type { Actor, Deps } from '../../platform/context.js';
import { notFound } from '../../platform/errors.js';
import { appendAudit } from '../audit/index.js';
import { invalid } from './schedule.commands.js';
import { assertMayManageSchedule } from './schedule.policy.js';
import { presentOverride, presentOverrideRecord } from './schedule.presenter.js';
import { bumpScheduleRevision, deleteOverrideRow, insertOverride, selectOverride, selectScheduleForUpdate, selectUsers } from './schedule.repo.js';

/** Puts someone on call for a window, over every layer (and over older overrides where they overlap). */
export async function createOverride(deps: Deps, actor: Actor, scheduleId: string, input: ScheduleOverrideCreate): Promise<ScheduleOverride> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (tx) => {
    const schedule = await selectScheduleForUpdate(tx, scheduleId);
    if (!schedule) throw notFound('Schedule');
    assertMayManageSchedule(actor, schedule.team_id);
    const user = (await selectUsers(tx, [input.userId])).get(input.userId);
    if (!user?.active) throw invalid([{ path: 'body.userId', message: 'is not an active user' }]);
    const row = await insertOverride(tx, {
      schedule_id: scheduleId,
      user_id: input.userId,
      starts_at: new Date(input.start),
      ends_at: new Date(input.end),
      note: input.note,
      created_by: actor.userId,
      created_at: now,
    });
    await bumpScheduleRevision(tx, scheduleId);
    await appendAudit(tx, actor, now, { entityType: 'schedule', entityId: scheduleId, action: 'override_create', after: presentOverrideRecord(row) });
    return presentOverride({ ...row, user_name: user.name });
  });
}

/** Removes an override; the layers (or older overrides) cover that window again. */
export async function deleteOverride(deps: Deps, actor: Actor, scheduleId: string, overrideId: string): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (tx) => {
    const schedule = await selectScheduleForUpdate(tx, scheduleId);
    if (!schedule) throw notFound('Schedule');
    assertMayManageSchedule(actor, schedule.team_id);
    const row = await selectOverride(tx, scheduleId, overrideId);
    if (!row) throw notFound('Override');
    await deleteOverrideRow(tx, overrideId);
    await bumpScheduleRevision(tx, scheduleId);
    await appendAudit(tx, actor, now, { entityType: 'schedule', entityId: scheduleId, action: 'override_delete', before: presentOverrideRecord(row) });
  });
}
