import type { ScheduleCreate, ScheduleLayer, SchedulePatch, Schedule } from '@vigil/shared';
import type { Updateable } from 'kysely';
import type { DbOrTx } from '../../db/client.js';
import type { SchedulesTable } from '../../db/schema.js';
import type { Actor, Deps } from '../../platform/context.js';
import { AppError, notFound } from '../../platform/errors.js';
import { appendAudit } from '../audit/index.js';
import { feedSecretHash, randomFeedSecret, scheduleFeedSecret } from './feed.secret.js';
import { assertMayManageSchedule } from './schedule.policy.js';
import { normalizeLayers, presentScheduleRecord } from './schedule.presenter.js';
import { getSchedule } from './schedule.queries.js';
import { deleteScheduleRow, insertFeedToken, insertSchedule, selectScheduleForUpdate, selectUsers, teamExists, updateScheduleRow } from './schedule.repo.js';

type FieldIssue = { path: string; message: string };

/** A 400 naming every field that is wrong. */
export function invalid(issues: FieldIssue[]): AppError {
  return new AppError('validation_failed', 'The request is not valid: ' + issues.map((i) => `${i.path}: ${i.message}`).join('; '), issues);
}

/** Checks what the schema cannot: the team exists and every participant is an active user. */
async function checkReferences(db: DbOrTx, input: { teamId?: string | undefined; layers?: readonly ScheduleLayer[] | undefined }): Promise<void> {
  const issues: FieldIssue[] = [];
  if (input.teamId !== undefined && !(await teamExists(db, input.teamId))) issues.push({ path: 'body.teamId', message: 'is not a team' });
  const layers = input.layers ?? [];
  const users = await selectUsers(db, layers.flatMap((l) => l.participants));
  layers.forEach((layer, i) =>
    layer.participants.forEach((userId, j) => {
      if (!users.get(userId)?.active) issues.push({ path: `body.layers.${i}.participants.${j}`, message: 'is not an active user' });
    }),
  );
  if (issues.length > 0) throw invalid(issues);
}

/** Creates a schedule with its layers and its feed (admins, managers of the team). */
export async function createSchedule(deps: Deps, actor: Actor, input: ScheduleCreate): Promise<Schedule> {
  assertMayManageSchedule(actor, input.teamId);
  await checkReferences(deps.db, input);
  const now = deps.clock.now();
  const id = await deps.db.transaction().execute(async (tx) => {
    const row = await insertSchedule(tx, {
      team_id: input.teamId,
      name: input.name,
      description: input.description,
      time_zone: input.timeZone,
      layers: JSON.stringify(normalizeLayers(input.layers)),
      created_by: actor.userId,
      created_at: now,
      updated_at: now,
    });
    const nonce = randomFeedSecret();
    await insertFeedToken(tx, { schedule_id: row.id, user_id: null, token_hash: feedSecretHash(scheduleFeedSecret(deps.config.secret, nonce)), nonce, created_by: actor.userId, created_at: now });
    await appendAudit(tx, actor, now, { entityType: 'schedule', entityId: row.id, action: 'create', after: presentScheduleRecord(row) });
    return row.id;
  });
  return getSchedule(deps, actor, id);
}

/** Changes a schedule's name, team, zone or layers (all layers at once) against the version the caller saw. */
export async function updateSchedule(deps: Deps, actor: Actor, id: string, expectedVersion: number | undefined, patch: SchedulePatch): Promise<Schedule> {
  if (expectedVersion === undefined) throw new AppError('precondition_required', 'Send the version you are changing: If-Match: "<version>" or "version" in the body');
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (tx) => {
    const row = await selectScheduleForUpdate(tx, id);
    if (!row) throw notFound('Schedule');
    assertMayManageSchedule(actor, row.team_id);
    if (patch.teamId !== undefined && patch.teamId !== row.team_id) assertMayManageSchedule(actor, patch.teamId);
    if (row.version !== expectedVersion) {
      throw new AppError('version_conflict', `The schedule changed since version ${expectedVersion} (now ${row.version}); reload and apply your change again`, { currentVersion: row.version });
    }
    await checkReferences(tx, { teamId: patch.teamId, layers: patch.layers });
    const set: Updateable<SchedulesTable> = { version: row.version + 1, revision: row.revision + 1, updated_at: now };
    if (patch.teamId !== undefined) set.team_id = patch.teamId;
    if (patch.name !== undefined) set.name = patch.name;
    if (patch.description !== undefined) set.description = patch.description;
    if (patch.timeZone !== undefined) set.time_zone = patch.timeZone;
    if (patch.layers !== undefined) set.layers = JSON.stringify(normalizeLayers(patch.layers));
    const updated = await updateScheduleRow(tx, id, set);
    await appendAudit(tx, actor, now, { entityType: 'schedule', entityId: id, action: 'update', before: presentScheduleRecord(row), after: presentScheduleRecord(updated) });
  });
  return getSchedule(deps, actor, id);
}

/** Deletes a schedule with its overrides and feed. */
export async function deleteSchedule(deps: Deps, actor: Actor, id: string): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (tx) => {
    const row = await selectScheduleForUpdate(tx, id);
    if (!row) throw notFound('Schedule');
    assertMayManageSchedule(actor, row.team_id);
    await deleteScheduleRow(tx, id);
    await appendAudit(tx, actor, now, { entityType: 'schedule', entityId: id, action: 'delete', before: presentScheduleRecord(row) });
  });
}
