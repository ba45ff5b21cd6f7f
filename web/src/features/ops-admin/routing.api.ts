import type { RoutingPreview, RoutingRule, RoutingRuleCreate, RoutingRulePatch } from '@vigil/shared';
import { api } from '../../lib/api';

/** GET /routing-rules, in evaluation order. */
export const listRules = (signal?: AbortSignal) => api.get<{ items: RoutingRule[] }>('/routing-rules', { signal });
/** GET /routing-rules/{id} */
export const getRule = (id: string, signal?: AbortSignal) => api.get<RoutingRule>(`/routing-rules/${encodeURIComponent(id)}`, { signal });
/** POST /routing-rules: appended at the end of the order. */
export const createRule = (body: RoutingRuleCreate) => api.post<RoutingRule>('/routing-rules', body);
/** PATCH /routing-rules/{id} */
export const updateRule = (id: string, body: Omit<RoutingRulePatch, 'version'>, version: number) => api.patch<RoutingRule>(`/routing-rules/${encodeURIComponent(id)}`, body, { ifMatch: version });
/** DELETE /routing-rules/{id} */
export const deleteRule = (id: string, version: number) => api.delete(`/routing-rules/${encodeURIComponent(id)}`, { ifMatch: version });
/** POST /routing-rules/reorder: every id once, in the new order. */
export const reorderRules = (ids: string[]) => api.post<{ items: RoutingRule[] }>('/routing-rules/reorder', { ids });
/** POST /routing-rules/preview: a rule (saved id or draft) against one incident; changes nothing. */
export const previewRule = (rule: string | RoutingRuleCreate, incidentId: string, mode: 'created' | 'updated') => api.post<RoutingPreview>('/routing-rules/preview', { rule, incidentId, mode });

type Named = { id: string; name: string };
/** GET /incident-types */
export const listTypes = (signal?: AbortSignal) => api.get<{ items: { id: string; key: string; name: { en: string; de?: string } }[] }>('/incident-types', { signal });
/** GET /teams */
export const listTeams = (signal?: AbortSignal) => api.get<{ items: Named[] }>('/teams', { signal });
/** GET /users (not reporters) */
export const listUsers = (signal?: AbortSignal) => api.get<{ items: (Named & { email: string })[] }>('/users', { query: { active: 'true', limit: 200 }, signal });
/** GET /escalation-policies */
export const listPolicies = (signal?: AbortSignal) => api.get<{ items: Named[] }>('/escalation-policies', { signal });
