import type { NotificationPreferences, NotificationPreferencesInput, TeamNotificationRule, TeamNotificationRuleInput, TeamNotificationRulePatch } from '@vigil/shared';
import type { DbOrTx } from '../../db/client.js';
import { requireUser } from '../../platform/authz.js';
import type { Actor, Deps } from '../../platform/context.js';
import { AppError, notFound } from '../../platform/errors.js';
import { appendAudit } from '../audit/index.js';
import { listTeamChatChannels } from '../deliveries/index.js';
import { effectivePreferences, presentPreferences, presentTeamRule } from './preference.presenter.js';
import { assertMayManageTeamRules } from './preference.policy.js';
import { deleteTeamRule as removeTeamRule, insertTeamRule, selectPreferences, selectTeam, selectTeamRule, selectUserZone, typeExists, updateTeamRule as writeTeamRule, upsertPreferences } from './preference.repo.js';

/** Saves the caller's notification preferences (replacing what was saved), with an audit record of before and after. */
export async function updateMyNotificationPreferences(deps: Deps, actor: Actor, input: NotificationPreferencesInput): Promise<NotificationPreferences> {
  requireUser(actor);
  return deps.db.transaction().execute(async (tx) => {
    const now = deps.clock.now();
    const before = await selectPreferences(tx, actor.userId);
    const row = await upsertPreferences(tx, actor.userId, input, now);
    await appendAudit(tx, actor, now, {
      entityType: 'notification_preferences',
      entityId: actor.userId,
      action: before ? 'update' : 'create',
      before: effectivePreferences(before),
      after: effectivePreferences(row),
    });
    return presentPreferences(row, (await selectUserZone(tx, actor.userId)) ?? 'UTC');
  });
}

/** Checks what a rule refers to: the incident type exists, every channel is an enabled chat channel of this team. */
async function checkRuleTargets(db: DbOrTx, teamId: string, r: { typeId?: string | null | undefined; channelIds?: readonly string[] | undefined }): Promise<void> {
  const problems: Array<{ path: string; message: string }> = [];
  if (r.typeId && !(await typeExists(db, r.typeId))) problems.push({ path: 'body.typeId', message: 'is not an incident type' });
  if (r.channelIds) {
    const own = new Set((await listTeamChatChannels(db, teamId)).map((c) => c.id));
    r.channelIds.forEach((id, i) => {
      if (!own.has(id)) problems.push({ path: `body.channelIds.${i}`, message: "is not an enabled chat channel of this team" });
    });
    if (new Set(r.channelIds).size !== r.channelIds.length) problems.push({ path: 'body.channelIds', message: 'names a channel twice' });
  }
  if (problems.length > 0) throw new AppError('validation_failed', 'The rule refers to something it cannot use', problems);
}

async function requireTeam(db: DbOrTx, teamId: string): Promise<void> {
  if (!(await selectTeam(db, teamId))) throw notFound('Team');
}

/** Creates a notification rule of a team (admins, the team's managers). */
export async function createTeamNotificationRule(deps: Deps, actor: Actor, teamId: string, input: TeamNotificationRuleInput): Promise<TeamNotificationRule> {
  assertMayManageTeamRules(actor, teamId);
  return deps.db.transaction().execute(async (tx) => {
    await requireTeam(tx, teamId);
    await checkRuleTargets(tx, teamId, input);
    const now = deps.clock.now();
    const row = await insertTeamRule(tx, {
      team_id: teamId,
      type_id: input.typeId ?? null,
      kinds: [...new Set(input.kinds)],
      channel_ids: input.channelIds,
      enabled: input.enabled,
      created_by: actor.userId,
      at: now,
    });
    const after = presentTeamRule(row);
    await appendAudit(tx, actor, now, { entityType: 'team_notification_rule', entityId: row.id, action: 'create', after });
    return after;
  });
}

/** Changes a notification rule of a team. */
export async function updateTeamNotificationRule(deps: Deps, actor: Actor, teamId: string, ruleId: string, patch: TeamNotificationRulePatch): Promise<TeamNotificationRule> {
  assertMayManageTeamRules(actor, teamId);
  return deps.db.transaction().execute(async (tx) => {
    const before = await selectTeamRule(tx, teamId, ruleId, { lock: true });
    if (!before) throw notFound('Notification rule');
    await checkRuleTargets(tx, teamId, patch);
    const now = deps.clock.now();
    const row = await writeTeamRule(tx, ruleId, {
      ...(patch.typeId !== undefined ? { type_id: patch.typeId } : {}),
      ...(patch.kinds ? { kinds: [...new Set(patch.kinds)] } : {}),
      ...(patch.channelIds ? { channel_ids: patch.channelIds } : {}),
      ...(patch.enabled !== undefined ? { enabled: patch.enabled } : {}),
      updated_at: now,
    });
    const after = presentTeamRule(row);
    await appendAudit(tx, actor, now, { entityType: 'team_notification_rule', entityId: ruleId, action: 'update', before: presentTeamRule(before), after });
    return after;
  });
}

/** Deletes a notification rule of a team. */
export async function deleteTeamNotificationRule(deps: Deps, actor: Actor, teamId: string, ruleId: string): Promise<void> {
  assertMayManageTeamRules(actor, teamId);
  await deps.db.transaction().execute(async (tx) => {
    const before = await selectTeamRule(tx, teamId, ruleId, { lock: true });
    if (!before) throw notFound('Notification rule');
    await removeTeamRule(tx, ruleId);
    await appendAudit(tx, actor, deps.clock.now(), { entityType: 'team_notification_rule', entityId: ruleId, action: 'delete', before: presentTeamRule(before) });
  });
}
