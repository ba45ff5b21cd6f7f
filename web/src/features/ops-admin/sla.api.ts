import type { Calendar, SlaPolicy, WorkingHours } from '@vigil/shared';
import { api } from '../../lib/api';

export type SlaBody = { timeToAcknowledgeMinutes: number; timeToResolveMinutes: number; timeToFirstPublicUpdateMinutes: number | null; calendarId: string | null; warnAtPercent: number };
export type CalendarBody = { name: string; timeZone: string; workingHours: WorkingHours; holidays: { date: string; name?: string }[] };

/** GET /sla-policies */
export const listSlaPolicies = (signal?: AbortSignal) => api.get<{ items: SlaPolicy[] }>('/sla-policies', { signal });
/** POST /sla-policies: one per type and priority. */
export const createSlaPolicy = (body: SlaBody & { type: string; priority: string }) => api.post<SlaPolicy>('/sla-policies', body);
/** PATCH /sla-policies/{id} */
export const updateSlaPolicy = (id: string, body: SlaBody, version: number) => api.patch<SlaPolicy>(`/sla-policies/${encodeURIComponent(id)}`, { ...body, version });
/** DELETE /sla-policies/{id} */
export const deleteSlaPolicy = (id: string) => api.delete(`/sla-policies/${encodeURIComponent(id)}`);
/** GET /calendars */
export const listCalendars = (signal?: AbortSignal) => api.get<{ items: Calendar[] }>('/calendars', { signal });
/** POST /calendars */
export const createCalendar = (body: CalendarBody & { teamId: string | null }) => api.post<Calendar>('/calendars', body);
/** PATCH /calendars/{id} */
export const updateCalendar = (id: string, body: CalendarBody, version: number) => api.patch<Calendar>(`/calendars/${encodeURIComponent(id)}`, { ...body, version });
/** DELETE /calendars/{id}: only when no SLA policy uses it. */
export const deleteCalendar = (id: string) => api.delete(`/calendars/${encodeURIComponent(id)}`);
