import type {
  IncidentType,
  IncidentTypeInput,
  IncidentTypePatch,
  PublicReportLink,
  Role,
  Team,
  TeamCreate,
  TeamDetail,
  TeamMember,
  TeamPatch,
  TeamRole,
  User,
  UserCreate,
  UserDetail,
  UserPatch,
  UserSummary,
} from '@vigil/shared';
import { api } from '../../lib/api';

/** The directory and incident-type calls of the administration pages. */

export type UserQuery = { q?: string; role?: Role | ''; active?: 'true' | 'false' | ''; limit?: number; offset?: number };

/** GET /users: a page of users matching name or email, role and activation. */
export const listUsers = (query: UserQuery, signal?: AbortSignal) =>
  api.get<{ items: UserSummary[]; total: number }>('/users', {
    query: { q: query.q || undefined, role: query.role || undefined, active: query.active || undefined, limit: query.limit ?? 50, offset: query.offset ?? 0 },
    signal,
  });

/** GET /users/{id}: one user with their teams (admins). */
export const getUser = (id: string, signal?: AbortSignal) => api.get<UserDetail>(`/users/${id}`, { signal });

/** POST /users: a new user with an initial password (admins). */
export const createUser = (body: UserCreate) => api.post<User>('/users', body);

/** PATCH /users/{id}: profile, role, activation or a password reset (admins). */
export const updateUser = (id: string, patch: UserPatch) => api.patch<User>(`/users/${id}`, patch);

/** DELETE /users/{id}: deactivates (sessions end, tokens are revoked). */
export const deactivateUser = (id: string) => api.delete<User>(`/users/${id}`);

/** GET /teams */
export const listTeams = (signal?: AbortSignal) => api.get<{ items: Team[] }>('/teams', { signal });

/** GET /teams/{id}: the team with its members. */
export const getTeam = (id: string, signal?: AbortSignal) => api.get<TeamDetail>(`/teams/${id}`, { signal });

/** POST /teams */
export const createTeam = (body: TeamCreate) => api.post<TeamDetail>('/teams', body);

/** PATCH /teams/{id} */
export const updateTeam = (id: string, patch: TeamPatch) => api.patch<TeamDetail>(`/teams/${id}`, patch);

/** DELETE /teams/{id}: refused while incidents or other records belong to the team. */
export const deleteTeam = (id: string) => api.delete(`/teams/${id}`);

/** PUT /teams/{id}/members/{userId}: adds a member or changes their team role. */
export const putTeamMember = (teamId: string, userId: string, role: TeamRole) => api.put<TeamMember>(`/teams/${teamId}/members/${userId}`, { role });

/** DELETE /teams/{id}/members/{userId} */
export const removeTeamMember = (teamId: string, userId: string) => api.delete(`/teams/${teamId}/members/${userId}`);

/** GET /incident-types?all=true: active and retired types (admins). */
export const listIncidentTypes = (signal?: AbortSignal) => api.get<{ items: IncidentType[] }>('/incident-types', { query: { all: 'true' }, signal });

/** GET /incident-types/{key} */
export const getIncidentType = (key: string, signal?: AbortSignal) => api.get<IncidentType>(`/incident-types/${encodeURIComponent(key)}`, { signal });

/** POST /incident-types */
export const createIncidentType = (body: IncidentTypeInput) => api.post<IncidentType>('/incident-types', body);

/** PATCH /incident-types/{key} with If-Match: the version the edit started from. */
export const patchIncidentType = (key: string, version: number, patch: IncidentTypePatch) =>
  api.patch<IncidentType>(`/incident-types/${encodeURIComponent(key)}`, patch, { ifMatch: version });

/** GET /incident-types/{key}/public-report */
export const getPublicReportLink = (key: string, signal?: AbortSignal) => api.get<PublicReportLink>(`/incident-types/${encodeURIComponent(key)}/public-report`, { signal });

/** PUT /incident-types/{key}/public-report: switches the link on or off. */
export const setPublicReportLink = (key: string, enabled: boolean) => api.put<PublicReportLink>(`/incident-types/${encodeURIComponent(key)}/public-report`, { enabled });

/** POST /incident-types/{key}/public-report/regenerate: a new address; the old one stops working. */
export const regeneratePublicReportLink = (key: string) => api.post<PublicReportLink>(`/incident-types/${encodeURIComponent(key)}/public-report/regenerate`);

/** GET /public-report-links: which types have a link (for the type list). */
export const listPublicReportLinks = (signal?: AbortSignal) => api.get<{ items: PublicReportLink[] }>('/public-report-links', { signal });
