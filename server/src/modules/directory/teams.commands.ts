import type { TeamCreate, TeamDetail, TeamMember, TeamPatch, TeamRole } from '@vigil/shared';
import type { Updateable } from 'kysely';
import type { Tx } from '../../db/client.js';
import type { TeamsTable } from '../../db/schema.js';
import { requireRole } from '../../platform/authz.js';
import type { Actor, Deps } from '../../platform/context.js';
import { AppError, notFound } from '../../platform/errors.js';
import { appendAudit } from '../audit/index.js';
import { isForeignKeyViolation, isUniqueViolation } from './directory.errors.js';
import { presentTeamMember, presentTeamRecord } from './teams.presenter.js';
import { getTeam } from './teams.queries.js';
import {
  deleteTeamMember,
  deleteTeamRow,
  insertTeam,
  insertTeamIfMissing,
  selectTeamBySlug,
  selectTeamForUpdate,
  selectTeamMember,
  selectTeamMembers,
  updateTeamRow,
  upsertTeamMember,
} from './teams.repo.js';
import { selectUserById } from './users.repo.js';

const slugTaken = () => new AppError('already_exists', 'A team with this slug already exists', [{ path: 'body.slug', message: 'already in use' }]);

/** Creates a team (admins). */
export async function createTeam(deps: Deps, actor: Actor, input: TeamCreate): Promise<TeamDetail> {
  requireRole(actor, 'admin');
  const now = deps.clock.now();
  try {
    const id = await deps.db.transaction().execute(async (tx) => {
      if (await selectTeamBySlug(tx, input.slug)) throw slugTaken();
      const row = await insertTeam(tx, { slug: input.slug, name: input.name, description: input.description, created_at: now, updated_at: now });
      await appendAudit(tx, actor, now, { entityType: 'team', entityId: row.id, action: 'create', after: presentTeamRecord(row) });
      return row.id;
    });
    return getTeam(deps.db, actor, id);
  } catch (err) {
    if (isUniqueViolation(err)) throw slugTaken();
    throw err;
  }
}

/** Renames a team or changes its slug or description (admins). */
export async function updateTeam(deps: Deps, actor: Actor, id: string, patch: TeamPatch): Promise<TeamDetail> {
  requireRole(actor, 'admin');
  const now = deps.clock.now();
  try {
    await deps.db.transaction().execute(async (tx) => {
      const row = await selectTeamForUpdate(tx, id);
      if (!row) throw notFound('Team');
      if (patch.slug !== undefined && patch.slug !== row.slug && (await selectTeamBySlug(tx, patch.slug))) throw slugTaken();
      const set: Updateable<TeamsTable> = { updated_at: now };
      if (patch.slug !== undefined) set.slug = patch.slug;
      if (patch.name !== undefined) set.name = patch.name;
      if (patch.description !== undefined) set.description = patch.description;
      const updated = await updateTeamRow(tx, id, set);
      await appendAudit(tx, actor, now, { entityType: 'team', entityId: id, action: 'update', before: presentTeamRecord(row), after: presentTeamRecord(updated) });
    });
    return getTeam(deps.db, actor, id);
  } catch (err) {
    if (isUniqueViolation(err)) throw slugTaken();
    throw err;
  }
}

/** Deletes a team and its memberships (admins); a team that incidents still point at cannot go. */
export async function deleteTeam(deps: Deps, actor: Actor, id: string): Promise<void> {
  requireRole(actor, 'admin');
  const now = deps.clock.now();
  try {
    await deps.db.transaction().execute(async (tx) => {
      const row = await selectTeamForUpdate(tx, id);
      if (!row) throw notFound('Team');
      const members = await selectTeamMembers(tx, id);
      await deleteTeamRow(tx, id);
      await appendAudit(tx, actor, now, {
        entityType: 'team',
        entityId: id,
        action: 'delete',
        before: { ...presentTeamRecord(row), members: members.map((m) => ({ userId: m.user_id, role: m.role })) },
      });
    });
  } catch (err) {
    if (isForeignKeyViolation(err)) throw new AppError('conflict', 'Incidents or other records still belong to this team; reassign them first');
    throw err;
  }
}

/** Adds a user to a team or changes their role in it (admins). */
export async function putTeamMember(deps: Deps, actor: Actor, teamId: string, userId: string, role: TeamRole): Promise<TeamMember> {
  requireRole(actor, 'admin');
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (tx) => {
    if (!(await selectTeamForUpdate(tx, teamId))) throw notFound('Team');
    if (!(await selectUserById(tx, userId))) throw notFound('User');
    const before = await selectTeamMember(tx, teamId, userId);
    await upsertTeamMember(tx, { team_id: teamId, user_id: userId, role, created_at: now });
    const member = (await selectTeamMembers(tx, teamId)).find((m) => m.user_id === userId)!;
    if (before?.role !== role) {
      await appendAudit(tx, actor, now, {
        entityType: 'team',
        entityId: teamId,
        action: before ? 'member_role_change' : 'member_add',
        before: before ? { userId, role: before.role } : null,
        after: { userId, role },
      });
    }
    return presentTeamMember(member);
  });
}

/** Removes a user from a team (admins). */
export async function removeTeamMember(deps: Deps, actor: Actor, teamId: string, userId: string): Promise<void> {
  requireRole(actor, 'admin');
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (tx) => {
    if (!(await selectTeamForUpdate(tx, teamId))) throw notFound('Team');
    const before = await selectTeamMember(tx, teamId, userId);
    if (!before) throw notFound('Team member');
    await deleteTeamMember(tx, teamId, userId);
    await appendAudit(tx, actor, now, { entityType: 'team', entityId: teamId, action: 'member_remove', before: { userId, role: before.role } });
  });
}

/** Creates the team unless one with the slug exists, in the caller's transaction (type packs' default teams); returns its id. */
export async function ensureTeam(tx: Tx, team: { slug: string; name: string; description?: string }, actor: Actor, at: Date): Promise<string> {
  const inserted = await insertTeamIfMissing(tx, { slug: team.slug, name: team.name, description: team.description ?? '', created_at: at, updated_at: at });
  if (inserted) {
    await appendAudit(tx, actor, at, { entityType: 'team', entityId: inserted.id, action: 'create', after: presentTeamRecord(inserted) });
    return inserted.id;
  }
  const existing = await selectTeamBySlug(tx, team.slug);
  if (!existing) throw new AppError('conflict', `Team ${team.slug} could not be created`);
  return existing.id;
}
