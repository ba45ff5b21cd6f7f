import type { Schedule, ScheduleLayerInput, ScheduleOnCall, ScheduleOverride, ScheduleOverrideCreate, Shift, TeamDetail, UserSummary } from '@vigil/shared';
import { api } from '../../lib/api';

/** A schedule as the editor sends it (POST, or PATCH replacing all layers). */
export type ScheduleBody = { teamId: string; name: string; description: string; timeZone: string; layers: ScheduleLayerInput[] };

/** GET /schedules */
export const listSchedules = (signal?: AbortSignal) => api.get<{ items: Schedule[] }>('/schedules', { signal });
/** GET /schedules/{id} */
export const getSchedule = (id: string, signal?: AbortSignal) => api.get<Schedule>(`/schedules/${encodeURIComponent(id)}`, { signal });
/** POST /schedules */
export const createSchedule = (body: ScheduleBody) => api.post<Schedule>('/schedules', body);
/** PATCH /schedules/{id} */
export const updateSchedule = (id: string, body: ScheduleBody, version: number) => api.patch<Schedule>(`/schedules/${encodeURIComponent(id)}`, body, { ifMatch: version });
/** GET /schedules/{id}/shifts?from&to: the final shifts (layers and overrides resolved). */
export const listShifts = (id: string, from: string, to: string, signal?: AbortSignal) =>
  api.get<{ items: Shift[] }>(`/schedules/${encodeURIComponent(id)}/shifts`, { query: { from, to }, signal });
/** GET /schedules/{id}/on-call */
export const getOnCall = (id: string, signal?: AbortSignal) => api.get<ScheduleOnCall>(`/schedules/${encodeURIComponent(id)}/on-call`, { signal });
/** GET /schedules/{id}/overrides?from */
export const listOverrides = (id: string, from: string, signal?: AbortSignal) => api.get<{ items: ScheduleOverride[] }>(`/schedules/${encodeURIComponent(id)}/overrides`, { query: { from }, signal });
/** POST /schedules/{id}/overrides */
export const createOverride = (id: string, body: Omit<ScheduleOverrideCreate, 'note'> & { note?: string }) => api.post<ScheduleOverride>(`/schedules/${encodeURIComponent(id)}/overrides`, body);
/** DELETE /schedules/{id}/overrides/{overrideId} */
export const deleteOverride = (id: string, overrideId: string) => api.delete(`/schedules/${encodeURIComponent(id)}/overrides/${encodeURIComponent(overrideId)}`);
/** POST /schedules/{id}/feed-token: a new secret feed URL (the old one stops working). */
export const rotateFeed = (id: string) => api.post<{ url: string }>(`/schedules/${encodeURIComponent(id)}/feed-token`);
/** POST /me/calendar-feed-token: the caller's personal feed URL, shown once. */
export const createMyFeed = () => api.post<{ url: string }>('/me/calendar-feed-token');
/** GET /teams/{id}: the team with its members (override and participant choices). */
export const getTeam = (id: string, signal?: AbortSignal) => api.get<TeamDetail>(`/teams/${encodeURIComponent(id)}`, { signal });
/** GET /teams */
export const listTeams = (signal?: AbortSignal) => api.get<{ items: { id: string; name: string }[] }>('/teams', { signal });
/** GET /users (not reporters): people who can be on call. */
export const listUsers = (signal?: AbortSignal) => api.get<{ items: UserSummary[] }>('/users', { query: { active: 'true', limit: 200 }, signal });
