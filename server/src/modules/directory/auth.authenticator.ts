import { apiTokenPattern } from '@vigil/shared';
import type { Deps } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { SESSION_COOKIE, type Authenticator } from '../../platform/http/app.js';
import { sha256Hex } from './auth.crypto.js';
import { authPolicy } from './auth.policy.js';
import { selectLiveSession, touchSession } from './sessions.repo.js';
import { selectLiveToken, touchApiToken } from './tokens.repo.js';

const sessionIdPattern = /^[A-Za-z0-9_-]{43}$/;

/**
 * Resolves the caller: a Bearer token wins over the cookie and must be valid (a bad token is a 401,
 * never a silent fall-back to anonymous); a missing, malformed or expired session cookie means anonymous.
 */
export function createAuthenticator(deps: Deps): Authenticator {
  return async (request) => {
    const now = deps.clock.now();
    const notSince = new Date(now.getTime() - authPolicy.touchIntervalMs);
    const header = request.headers.authorization;
    const authorization = Array.isArray(header) ? header[0] : header;
    if (authorization !== undefined && /^bearer\s/i.test(authorization)) {
      const token = authorization.slice(7).trim();
      if (!apiTokenPattern.test(token)) throw new AppError('unauthenticated', 'The API token is not valid');
      const row = await selectLiveToken(deps.db, sha256Hex(token), now);
      if (!row) throw new AppError('unauthenticated', 'The API token is not valid, revoked or expired');
      if (!row.last_used_at || row.last_used_at < notSince) await touchApiToken(deps.db, row.id, now, notSince);
      return {
        actor: { kind: 'token', userId: row.user_id, role: row.role, teamIds: row.team_ids, scope: row.scope, ip: request.ip, requestId: request.id, tokenId: row.id },
      };
    }

    const sessionId = request.cookies[SESSION_COOKIE];
    if (!sessionId || !sessionIdPattern.test(sessionId)) return null;
    const idHash = sha256Hex(sessionId);
    const row = await selectLiveSession(deps.db, idHash, now, new Date(now.getTime() - authPolicy.sessionIdleMs));
    if (!row) return null;
    if (row.last_seen_at < notSince) await touchSession(deps.db, idHash, now, notSince);
    return {
      actor: { kind: 'user', userId: row.user_id, role: row.role, teamIds: row.team_ids, scope: 'write', ip: request.ip, requestId: request.id, sessionId: idHash },
      csrfToken: row.csrf_token,
    };
  };
}
