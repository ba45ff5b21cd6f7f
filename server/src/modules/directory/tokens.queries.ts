import type { ApiToken } from '@vigil/shared';
import type { Db } from '../../db/client.js';
import { requireUser } from '../../platform/authz.js';
import type { Actor } from '../../platform/context.js';
import { presentApiToken } from './tokens.presenter.js';
import { selectUserApiTokens } from './tokens.repo.js';

/** The caller's own tokens, newest first, revoked ones included; never the secrets. */
export async function listApiTokens(db: Db, actor: Actor): Promise<{ items: ApiToken[] }> {
  requireUser(actor);
  const rows = await selectUserApiTokens(db, actor.userId);
  return { items: rows.map(presentApiToken) };
}
