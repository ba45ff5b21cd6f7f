import type { ApiToken, ApiTokenCreated, TokenCreate } from '@vigil/shared';
import { api } from '../../lib/api';

/** GET /tokens: the caller's own tokens, revoked ones included, never their secrets. */
export const listTokens = (signal?: AbortSignal) => api.get<{ items: ApiToken[] }>('/tokens', { signal });

/** POST /tokens: the secret is in this answer only. */
export const createToken = (body: TokenCreate) => api.post<ApiTokenCreated>('/tokens', body);

/** DELETE /tokens/{id}: revokes the token at once. */
export const revokeToken = (id: string) => api.delete(`/tokens/${id}`);
