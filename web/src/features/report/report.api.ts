import type { Attachment, Incident, IncidentList, IncidentType, UserSummary } from '@vigil/shared';
import { api } from '../../lib/api';

/** GET /incident-types: the active types, with their fields, categories and required core fields. */
export const listReportTypes = (signal?: AbortSignal) => api.get<{ items: IncidentType[] }>('/incident-types', { signal });

/** POST /incidents with an Idempotency-Key: sending the same report again returns the incident the first send made. */
export const createReport = (body: Record<string, unknown>, idempotencyKey: string) => api.post<Incident>('/incidents', body, { idempotencyKey });

/** POST /incidents/{id}/attachments: one file as multipart/form-data. */
export const uploadAttachment = (incidentId: string, file: Blob, filename: string) => {
  const form = new FormData();
  form.append('file', file, filename);
  return api.post<Attachment>(`/incidents/${encodeURIComponent(incidentId)}/attachments`, form);
};

/** GET /incidents/{id}/attachments: what arrived already (to never upload a file twice after a lost answer). */
export const listAttachments = (incidentId: string) => api.get<{ items: Attachment[] }>(`/incidents/${encodeURIComponent(incidentId)}/attachments`);

/** GET /users: active people for a user field (agents, managers, admins; reporters may not list people). */
export const searchUsers = (q: string, signal?: AbortSignal) => api.get<{ items: UserSummary[]; total: number }>('/users', { query: { active: 'true', limit: 50, ...(q ? { q } : {}) }, signal });

/** GET /incidents?q=: incidents the caller can see, for a reference field. */
export const searchIncidents = (q: string, signal?: AbortSignal) => api.get<IncidentList>('/incidents', { query: { limit: 10, ...(q ? { q } : {}) }, signal });
