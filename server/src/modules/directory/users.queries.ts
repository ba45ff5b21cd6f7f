import type { Me, UserDetail, UserListQuery, UserSummary } from '@vigil/shared';
import type { Db, DbOrTx } from '../../db/client.js';
import { requireRole, requireUser } from '../../platform/authz.js';
import type { Actor } from '../../platform/context.js';
import { AppError, notFound } from '../../platform/errors.js';
import { selectSessionCsrf } from './sessions.repo.js';
import { presentMembership, presentUser } from './users.presenter.js';
import { selectMemberships, selectUserByEmail, selectUserById, selectUsers } from './users.repo.js';

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Users for pickers and admin screens; reporters may not enumerate people. */
export async function listUsers(db: Db, actor: Actor, query: UserListQuery): Promise<{ items: UserSummary[]; total: number }> {
  requireRole(actor, 'admin', 'manager', 'agent', 'auditor');
  return selectUsers(db, query);
}

/** One user with their teams (admins). */
export async function getUser(db: Db, actor: Actor, id: string): Promise<UserDetail> {
  requireRole(actor, 'admin');
  const row = await selectUserById(db, id);
  if (!row) throw notFound('User');
  const teams = await selectMemberships(db, id);
  return { ...presentUser(row), teams: teams.map(presentMembership) };
}

/** The caller, their teams and, for a cookie session, the CSRF token the web app must send back. */
export async function getMe(db: Db, actor: Actor): Promise<Me> {
  requireUser(actor);
  const row = await selectUserById(db, actor.userId);
  if (!row) throw new AppError('unauthenticated', 'Sign in first');
  const teams = await selectMemberships(db, actor.userId);
  const csrfToken = actor.sessionId ? await selectSessionCsrf(db, actor.sessionId) : undefined;
  return { user: presentUser(row), teams: teams.map(presentMembership), ...(csrfToken ? { csrfToken } : {}) };
}

/** Whether a user with this id exists (active or not); other modules check references with it. */
export async function userExists(db: DbOrTx, id: string): Promise<boolean> {
  if (!uuidPattern.test(id)) return false;
  return (await selectUserById(db, id)) !== undefined;
}

/** The id of the user with this email (any case), or null. */
export async function findUserIdByEmail(db: DbOrTx, email: string): Promise<string | null> {
  return (await selectUserByEmail(db, email))?.id ?? null;
}

/**
 * The actor of the active user with this email (any case), as the authenticator builds it: role and
 * current teams from the database. Null for an unknown or deactivated address. For channels that
 * identify people by address (email in).
 */
export async function actorForEmail(db: DbOrTx, email: string, via: { ip: string | null }): Promise<Actor | null> {
  const user = await selectUserByEmail(db, email);
  if (!user || !user.active) return null;
  const teams = await selectMemberships(db, user.id);
  return { kind: 'user', userId: user.id, role: user.role, teamIds: teams.map((t) => t.id), scope: 'write', ip: via.ip, requestId: null };
}
