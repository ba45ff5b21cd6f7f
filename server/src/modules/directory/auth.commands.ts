import type { Login, User } from '@vigil/shared';
import type { Actor, Deps } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { appendAudit } from '../audit/index.js';
import { deleteThrottle, pruneThrottle, recordFailure, selectBlockedUntil } from './auth-throttle.repo.js';
import { randomSecret, sha256Hex, verifyPassword } from './auth.crypto.js';
import { accountAddressKey, accountKey, addressKey, authPolicy } from './auth.policy.js';
import { deleteSession, insertSession } from './sessions.repo.js';
import { presentUser } from './users.presenter.js';
import { selectUserByEmail, updateUserRow } from './users.repo.js';

export type LoginContext = { userAgent: string | null; previousSessionHash: string | null };
export type LoginResult = { user: User; sessionId: string; csrfToken: string; expiresAt: Date };

/**
 * Signs in with email and password. Unknown accounts cost one argon2 verification like known ones, every
 * failure answers the same `invalid_credentials`, and failures are counted per account and address (5),
 * per account (50) and per address (30): a guesser at one address cannot lock the owner out elsewhere
 * (ASVS 6.3.1), while guessing spread over many addresses is still stopped.
 */
export async function login(deps: Deps, actor: Actor, input: Login, ctx: LoginContext): Promise<LoginResult> {
  const now = deps.clock.now();
  const email = input.email.trim().toLowerCase();
  const keys = [accountKey(email), ...(actor.ip ? [accountAddressKey(email, actor.ip), addressKey(actor.ip)] : [])];
  const blockedUntil = await selectBlockedUntil(deps.db, keys, now);
  if (blockedUntil) {
    await deps.db.transaction().execute((tx) => appendAudit(tx, actor, now, { entityType: 'user', entityId: 'unknown', action: 'login_failed', after: { email, reason: 'throttled' } }));
    const retryAfterSeconds = Math.max(1, Math.ceil((blockedUntil.getTime() - now.getTime()) / 1000));
    throw new AppError('login_throttled', 'Too many failed sign-in attempts; try again later', { retryAfterSeconds });
  }

  const user = await selectUserByEmail(deps.db, email);
  const passwordOk = await verifyPassword(user?.password_hash ?? null, input.password);
  if (!user || !passwordOk || !user.active) {
    await deps.db.transaction().execute(async (tx) => {
      await pruneThrottle(tx, now, authPolicy.windowSeconds);
      await recordFailure(tx, accountKey(email), now, authPolicy.accountFailures, authPolicy.windowSeconds, authPolicy.blockSeconds);
      if (actor.ip) {
        await recordFailure(tx, accountAddressKey(email, actor.ip), now, authPolicy.accountAddressFailures, authPolicy.windowSeconds, authPolicy.blockSeconds);
        await recordFailure(tx, addressKey(actor.ip), now, authPolicy.addressFailures, authPolicy.windowSeconds, authPolicy.blockSeconds);
      }
      await appendAudit(tx, actor, now, {
        entityType: 'user',
        entityId: user?.id ?? 'unknown',
        action: 'login_failed',
        after: { email, reason: !user ? 'unknown_user' : !passwordOk ? 'wrong_password' : 'inactive' },
      });
    });
    throw new AppError('invalid_credentials', 'The email or password is not correct');
  }

  const sessionId = randomSecret();
  const csrfToken = randomSecret();
  const expiresAt = new Date(now.getTime() + authPolicy.sessionAbsoluteMs);
  const updated = await deps.db.transaction().execute(async (tx) => {
    await deleteThrottle(tx, accountKey(email));
    if (actor.ip) await deleteThrottle(tx, accountAddressKey(email, actor.ip));
    // A new id on every sign-in: a session planted before login is worthless afterwards.
    if (ctx.previousSessionHash) await deleteSession(tx, ctx.previousSessionHash);
    await insertSession(tx, {
      id: sha256Hex(sessionId),
      user_id: user.id,
      csrf_token: csrfToken,
      ip: actor.ip,
      user_agent: ctx.userAgent?.slice(0, 500) ?? null,
      created_at: now,
      last_seen_at: now,
      expires_at: expiresAt,
    });
    const row = await updateUserRow(tx, user.id, { last_login_at: now });
    const userActor: Actor = { ...actor, kind: 'user', userId: user.id, role: user.role, scope: 'write' };
    await appendAudit(tx, userActor, now, { entityType: 'user', entityId: user.id, action: 'login', after: { ip: actor.ip, userAgent: ctx.userAgent?.slice(0, 500) ?? null } });
    return row;
  });
  return { user: presentUser(updated), sessionId, csrfToken, expiresAt };
}

/** Ends the caller's session; without one it does nothing (the cookie is cleared either way). */
export async function logout(deps: Deps, actor: Actor): Promise<void> {
  const sessionHash = actor.sessionId;
  if (actor.kind !== 'user' || !sessionHash || !actor.userId) return;
  const userId = actor.userId;
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (tx) => {
    const deleted = await deleteSession(tx, sessionHash);
    if (deleted > 0) await appendAudit(tx, actor, now, { entityType: 'user', entityId: userId, action: 'logout' });
  });
}
