import type { Login, Me, MePatch, User } from '@vigil/shared';
import { api } from '../../lib/api';

/** POST /auth/login: sets the session cookie; the CSRF token comes back in the body. */
export const login = (body: Login) => api.post<{ user: User; csrfToken: string }>('/auth/login', body);

/** POST /auth/logout: ends the session and clears the cookie. */
export const logout = () => api.post<void>('/auth/logout');

/** GET /me: the signed-in user, their teams and the session's CSRF token. */
export const getMe = (signal?: AbortSignal) => api.get<Me>('/me', { signal });

/** PATCH /me: name, language, time zone or password (with the current one). */
export const updateMe = (patch: MePatch) => api.patch<User>('/me', patch);
