import type { ApiToken } from '@vigil/shared';
import type { Selectable } from 'kysely';
import type { ApiTokensTable } from '../../db/schema.js';

/** A token as its owner sees it: name, prefix and dates, never the secret or its hash. */
export function presentApiToken(r: Selectable<ApiTokensTable>): ApiToken {
  return {
    id: r.id,
    name: r.name,
    prefix: r.prefix,
    scope: r.scope,
    createdAt: r.created_at.toISOString(),
    lastUsedAt: r.last_used_at ? r.last_used_at.toISOString() : null,
    expiresAt: r.expires_at ? r.expires_at.toISOString() : null,
    revokedAt: r.revoked_at ? r.revoked_at.toISOString() : null,
  };
}
