import type { MePatch, User, UserCreate, UserPatch } from '@vigil/shared';
import type { Updateable } from 'kysely';
import type { UsersTable } from '../../db/schema.js';
import { requireRole, requireUser } from '../../platform/authz.js';
import type { Actor, Deps } from '../../platform/context.js';
import { AppError, notFound } from '../../platform/errors.js';
import { appendAudit } from '../audit/index.js';
import { recordFailure, selectBlockedUntil } from './auth-throttle.repo.js';
import { hashPassword, verifyPassword } from './auth.crypto.js';
import { accountAddressKey, accountKey, authPolicy } from './auth.policy.js';
import { isUniqueViolation } from './directory.errors.js';
import { deleteUserSessions } from './sessions.repo.js';
import { revokeUserApiTokens } from './tokens.repo.js';
import { presentUser } from './users.presenter.js';
import { insertUser, lockActiveAdminIds, selectUserByEmail, selectUserById, selectUserForUpdate, updateUserRow } from './users.repo.js';

const emailTaken = () => new AppError('already_exists', 'A user with this email already exists', [{ path: 'body.email', message: 'already in use' }]);

/** Creates a user with a password (admins, the CLI and the first-admin bootstrap). */
export async function createUser(deps: Deps, actor: Actor, input: UserCreate): Promise<User> {
  requireRole(actor, 'admin');
  const passwordHash = await hashPassword(input.password);
  const now = deps.clock.now();
  try {
    return await deps.db.transaction().execute(async (tx) => {
      if (await selectUserByEmail(tx, input.email)) throw emailTaken();
      const row = await insertUser(tx, {
        email: input.email.trim(),
        name: input.name,
        role: input.role,
        password_hash: passwordHash,
        locale: input.locale,
        time_zone: input.timeZone,
        active: true,
        last_login_at: null,
        created_at: now,
        updated_at: now,
      });
      const user = presentUser(row);
      await appendAudit(tx, actor, now, { entityType: 'user', entityId: row.id, action: 'create', after: user });
      return user;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw emailTaken();
    throw err;
  }
}

/** An administrator's change to a user: profile, role, activation, password reset. */
export async function updateUser(deps: Deps, actor: Actor, id: string, patch: UserPatch): Promise<User> {
  requireRole(actor, 'admin');
  return changeUser(deps, actor, id, patch, 'update');
}

/** Deactivates a user (never deletes): their sessions end and their API tokens are revoked. */
export async function deactivateUser(deps: Deps, actor: Actor, id: string): Promise<User> {
  requireRole(actor, 'admin');
  return changeUser(deps, actor, id, { active: false }, 'deactivate');
}

async function changeUser(deps: Deps, actor: Actor, id: string, patch: UserPatch, action: 'update' | 'deactivate'): Promise<User> {
  const passwordHash = patch.password !== undefined ? await hashPassword(patch.password) : undefined;
  const now = deps.clock.now();
  try {
    return await deps.db.transaction().execute(async (tx) => {
      // Admins are locked before the target row, in one order, so concurrent demotions cannot deadlock.
      const touchesAdmin = patch.role !== undefined || patch.active !== undefined;
      const activeAdmins = touchesAdmin ? await lockActiveAdminIds(tx) : [];
      const row = await selectUserForUpdate(tx, id);
      if (!row) throw notFound('User');
      const losesAdmin = row.role === 'admin' && row.active && ((patch.role !== undefined && patch.role !== 'admin') || patch.active === false);
      if (losesAdmin && activeAdmins.filter((a) => a !== id).length === 0) {
        throw new AppError('conflict', 'This is the last active administrator; make another user an administrator first');
      }
      if (patch.email !== undefined && patch.email.trim().toLowerCase() !== row.email.toLowerCase()) {
        const other = await selectUserByEmail(tx, patch.email);
        if (other && other.id !== id) throw emailTaken();
      }
      const set: Updateable<UsersTable> = { updated_at: now };
      if (patch.email !== undefined) set.email = patch.email.trim();
      if (patch.name !== undefined) set.name = patch.name;
      if (patch.role !== undefined) set.role = patch.role;
      if (patch.active !== undefined) set.active = patch.active;
      if (patch.locale !== undefined) set.locale = patch.locale;
      if (patch.timeZone !== undefined) set.time_zone = patch.timeZone;
      if (passwordHash !== undefined) set.password_hash = passwordHash;
      const updated = await updateUserRow(tx, id, set);
      const deactivated = row.active && !updated.active;
      const sessionsEnded = deactivated || passwordHash !== undefined ? await deleteUserSessions(tx, id) : 0;
      const tokensRevoked = deactivated ? await revokeUserApiTokens(tx, id, now) : [];
      for (const tokenId of tokensRevoked) {
        await appendAudit(tx, actor, now, { entityType: 'api_token', entityId: tokenId, action: 'revoke', after: { userId: id, reason: 'user_deactivated' } });
      }
      const user = presentUser(updated);
      await appendAudit(tx, actor, now, {
        entityType: 'user',
        entityId: id,
        action,
        before: presentUser(row),
        after: { ...user, ...(passwordHash !== undefined ? { passwordReset: true } : {}), ...(sessionsEnded ? { sessionsEnded } : {}) },
      });
      return user;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw emailTaken();
    throw err;
  }
}

/**
 * The caller's own profile. A new password needs the current one (failures count against the account's
 * sign-in throttle) and ends every other session of the user.
 */
export async function updateMe(deps: Deps, actor: Actor, patch: MePatch): Promise<User> {
  requireUser(actor);
  const userId = actor.userId;
  const now = deps.clock.now();
  let passwordHash: string | undefined;
  if (patch.password !== undefined) {
    await checkCurrentPassword(deps, actor, patch.currentPassword ?? '', now);
    passwordHash = await hashPassword(patch.password);
  }
  return deps.db.transaction().execute(async (tx) => {
    const row = await selectUserForUpdate(tx, userId);
    if (!row || !row.active) throw new AppError('unauthenticated', 'Sign in first');
    const set: Updateable<UsersTable> = { updated_at: now };
    if (patch.name !== undefined) set.name = patch.name;
    if (patch.locale !== undefined) set.locale = patch.locale;
    if (patch.timeZone !== undefined) set.time_zone = patch.timeZone;
    if (passwordHash !== undefined) set.password_hash = passwordHash;
    const updated = await updateUserRow(tx, userId, set);
    const sessionsEnded = passwordHash !== undefined ? await deleteUserSessions(tx, userId, actor.sessionId) : 0;
    const user = presentUser(updated);
    await appendAudit(tx, actor, now, {
      entityType: 'user',
      entityId: userId,
      action: 'update',
      before: presentUser(row),
      after: { ...user, ...(passwordHash !== undefined ? { passwordChanged: true, sessionsEnded } : {}) },
    });
    return user;
  });
}

async function checkCurrentPassword(deps: Deps, actor: Actor & { userId: string }, currentPassword: string, now: Date): Promise<void> {
  const row = await selectUserById(deps.db, actor.userId);
  if (!row) throw new AppError('unauthenticated', 'Sign in first');
  // Guesses by a session holder count per account and address (5), and towards the account's overall limit.
  const key = accountAddressKey(row.email, actor.ip ?? 'unknown');
  if (await selectBlockedUntil(deps.db, [key, accountKey(row.email)], now)) {
    throw new AppError('login_throttled', 'Too many wrong passwords; try again later');
  }
  if (await verifyPassword(row.password_hash, currentPassword)) return;
  await deps.db.transaction().execute(async (tx) => {
    await recordFailure(tx, key, now, authPolicy.accountAddressFailures, authPolicy.windowSeconds, authPolicy.blockSeconds);
    await recordFailure(tx, accountKey(row.email), now, authPolicy.accountFailures, authPolicy.windowSeconds, authPolicy.blockSeconds);
    await appendAudit(tx, actor, now, { entityType: 'user', entityId: actor.userId, action: 'password_change_failed', after: { reason: 'wrong_current_password' } });
  });
  throw new AppError('validation_failed', 'The current password is not correct', [{ path: 'body.currentPassword', message: 'is not correct' }]);
}
