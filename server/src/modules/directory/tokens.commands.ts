import type { ApiTokenCreated, TokenCreate } from '@vigil/shared';
import { requireUser } from '../../platform/authz.js';
import type { Actor, Deps } from '../../platform/context.js';
import { AppError, notFound } from '../../platform/errors.js';
import { appendAudit } from '../audit/index.js';
import { newApiToken } from './auth.crypto.js';
import { presentApiToken } from './tokens.presenter.js';
import { insertApiToken, revokeApiTokenRow, selectUserApiTokenForUpdate } from './tokens.repo.js';
import { selectUserForUpdate } from './users.repo.js';

/**
 * Creates a personal API token for `ownerId` and returns its secret, the only time it is shown.
 * A read-only token cannot mint a write token.
 */
export async function createApiToken(deps: Deps, actor: Actor, ownerId: string, input: TokenCreate): Promise<ApiTokenCreated> {
  if (actor.kind !== 'cli' && actor.kind !== 'system') {
    requireUser(actor);
    if (actor.userId !== ownerId) throw new AppError('forbidden', 'Tokens are created by their owner');
  }
  if (actor.scope !== 'write' && input.scope === 'write') throw new AppError('insufficient_scope', 'A read-only token cannot create a write token');
  const now = deps.clock.now();
  const expiresAt = input.expiresAt ? new Date(input.expiresAt) : null;
  if (expiresAt && expiresAt <= now) throw new AppError('validation_failed', 'expiresAt must be in the future', [{ path: 'body.expiresAt', message: 'must be in the future' }]);
  const secret = newApiToken();
  return deps.db.transaction().execute(async (tx) => {
    const owner = await selectUserForUpdate(tx, ownerId);
    if (!owner) throw notFound('User');
    if (!owner.active) throw new AppError('conflict', 'The user is deactivated');
    const row = await insertApiToken(tx, { user_id: ownerId, name: input.name, token_hash: secret.hash, prefix: secret.prefix, scope: input.scope, created_at: now, expires_at: expiresAt });
    const token = presentApiToken(row);
    await appendAudit(tx, actor, now, { entityType: 'api_token', entityId: row.id, action: 'create', after: { ...token, userId: ownerId } });
    return { ...token, token: secret.token };
  });
}

/** Revokes one of the caller's own tokens; revoking a revoked token changes nothing. */
export async function revokeApiToken(deps: Deps, actor: Actor, id: string): Promise<void> {
  requireUser(actor);
  const userId = actor.userId;
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (tx) => {
    const row = await selectUserApiTokenForUpdate(tx, userId, id);
    if (!row) throw notFound('API token');
    if (row.revoked_at) return;
    const revoked = await revokeApiTokenRow(tx, id, now);
    await appendAudit(tx, actor, now, { entityType: 'api_token', entityId: id, action: 'revoke', before: presentApiToken(row), after: presentApiToken(revoked) });
  });
}
