import type { Team, TeamDetail } from '@vigil/shared';
import type { DbOrTx } from '../../db/client.js';
import { requireUser } from '../../platform/authz.js';
import type { Actor } from '../../platform/context.js';
import { notFound } from '../../platform/errors.js';
import { presentTeam, presentTeamMember } from './teams.presenter.js';
import { selectTeamBySlug, selectTeamMembers, selectTeamsWithCounts, selectTeamWithCount } from './teams.repo.js';

/** Every team with its member count; any signed-in user may see them (for routing and assignment). */
export async function listTeams(db: DbOrTx, actor: Actor): Promise<{ items: Team[] }> {
  requireUser(actor);
  const rows = await selectTeamsWithCounts(db);
  return { items: rows.map(presentTeam) };
}

/** One team with its members. */
export async function getTeam(db: DbOrTx, actor: Actor, id: string): Promise<TeamDetail> {
  if (actor.kind !== 'system' && actor.kind !== 'cli') requireUser(actor);
  const row = await selectTeamWithCount(db, id);
  if (!row) throw notFound('Team');
  const members = await selectTeamMembers(db, id);
  return { ...presentTeam(row), members: members.map(presentTeamMember) };
}

/** The id of the team with this slug, or null. */
export async function getTeamIdBySlug(db: DbOrTx, slug: string): Promise<string | null> {
  const row = await selectTeamBySlug(db, slug);
  return row?.id ?? null;
}
