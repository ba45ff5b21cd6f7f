import type {
  BulkRequest,
  BulkResponse,
  Incident,
  IncidentList,
  IncidentType,
  SavedView,
  SavedViewCreate,
  SavedViewPatch,
  Team,
  UserSummary,
} from '@vigil/shared';
import { api } from '../../lib/api';

type Params = Record<string, string | string[] | number>;

/** GET /incidents: one page of the list (filters, q, sort, cursor). */
export const listIncidents = (query: Params, signal?: AbortSignal) => api.get<IncidentList>('/incidents', { query, signal });

/** GET /incidents/{id}: one incident as it is now. */
export const getIncident = (id: string, signal?: AbortSignal) => api.get<Incident>(`/incidents/${encodeURIComponent(id)}`, { signal });

/** GET /views: the caller's saved views in order (the two defaults are created on the first call). */
export const listViews = (signal?: AbortSignal) => api.get<{ items: SavedView[] }>('/views', { signal });

/** POST /views */
export const createView = (body: Partial<SavedViewCreate> & { name: string }) => api.post<SavedView>('/views', body);

/** PATCH /views/{id}: only what is sent changes. */
export const updateView = (id: string, patch: SavedViewPatch) => api.patch<SavedView>(`/views/${id}`, patch);

/** DELETE /views/{id} */
export const deleteView = (id: string) => api.delete(`/views/${id}`);

/** POST /incidents/bulk: assign or transition up to 200 incidents; every id is reported. */
export const bulkChange = (body: BulkRequest) => api.post<BulkResponse>('/incidents/bulk', body);

/** GET /incident-types: labels, states and transitions for filters and bulk transitions. */
export const listIncidentTypes = (signal?: AbortSignal) => api.get<{ items: IncidentType[] }>('/incident-types', { signal });

/** GET /teams: every team (any signed-in user). */
export const listTeams = (signal?: AbortSignal) => api.get<{ items: Team[] }>('/teams', { signal });

/** GET /users: active people for the assignee pickers (not for reporters). */
export const listUsers = (query: { q?: string; limit?: number }, signal?: AbortSignal) =>
  api.get<{ items: UserSummary[]; total: number }>('/users', { query: { active: 'true', limit: query.limit ?? 200, ...(query.q ? { q: query.q } : {}) }, signal });
