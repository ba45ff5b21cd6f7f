import type { NotificationPreferences, TeamNotificationRule } from '@vigil/shared';
import type { DbOrTx } from '../../db/client.js';
import { requireUser } from '../../platform/authz.js';
import type { Actor } from '../../platform/context.js';
import { notFound } from '../../platform/errors.js';
import { assertMayReadTeamRules } from './preference.policy.js';
import { presentPreferences, presentTeamRule } from './preference.presenter.js';
import { selectPreferences, selectTeam, selectTeamRules, selectUserZone } from './preference.repo.js';

/** The caller's notification preferences (the defaults until they save some). */
export async function getMyNotificationPreferences(db: DbOrTx, actor: Actor): Promise<NotificationPreferences> {
  requireUser(actor);
  return presentPreferences(await selectPreferences(db, actor.userId), (await selectUserZone(db, actor.userId)) ?? 'UTC');
}

/** A team's notification rules, oldest first. */
export async function listTeamNotificationRules(db: DbOrTx, actor: Actor, teamId: string): Promise<{ items: TeamNotificationRule[] }> {
  assertMayReadTeamRules(actor, teamId);
  if (!(await selectTeam(db, teamId))) throw notFound('Team');
  return { items: (await selectTeamRules(db, teamId)).map(presentTeamRule) };
}
