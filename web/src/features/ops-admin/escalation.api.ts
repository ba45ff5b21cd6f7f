import type { EscalationLevel, EscalationPolicy } from '@vigil/shared';
import { api } from '../../lib/api';

export type PolicyBody = { teamId: string; name: string; description: string; levels: EscalationLevel[]; repeatCount: number };

/** GET /escalation-policies */
export const listEscalationPolicies = (signal?: AbortSignal) => api.get<{ items: EscalationPolicy[] }>('/escalation-policies', { signal });
/** GET /escalation-policies/{id} */
export const getEscalationPolicy = (id: string, signal?: AbortSignal) => api.get<EscalationPolicy>(`/escalation-policies/${encodeURIComponent(id)}`, { signal });
/** POST /escalation-policies */
export const createEscalationPolicy = (body: PolicyBody) => api.post<EscalationPolicy>('/escalation-policies', body);
/** PATCH /escalation-policies/{id}: the team stays. */
export const updateEscalationPolicy = (id: string, body: Omit<PolicyBody, 'teamId'>, version: number) => api.patch<EscalationPolicy>(`/escalation-policies/${encodeURIComponent(id)}`, body, { ifMatch: version });
/** DELETE /escalation-policies/{id} */
export const deleteEscalationPolicy = (id: string, version: number) => api.delete(`/escalation-policies/${encodeURIComponent(id)}`, { ifMatch: version });
/** GET /schedules (escalation targets) */
export const listScheduleRefs = (signal?: AbortSignal) => api.get<{ items: { id: string; name: string }[] }>('/schedules', { signal });
