import type { Delivery, Integration, IntegrationWithKey } from '@vigil/shared';
import { api } from '../../lib/api';

export type IntegrationBody = { kind: Integration['kind']; name: string; type: string; teamId: string | null; rateLimitPerMinute: number; settings?: { webhook: { title: string; dedupKey?: string; severity?: string; description?: string } } };

/** GET /integrations */
export const listIntegrations = (signal?: AbortSignal) => api.get<{ items: Integration[] }>('/integrations', { signal });
/** POST /integrations: the key is in this answer only. */
export const createIntegration = (body: IntegrationBody) => api.post<IntegrationWithKey>('/integrations', body);
/** POST /integrations/{id}/rotate-key: the old key stops working; the new one is shown once. */
export const rotateIntegrationKey = (id: string) => api.post<IntegrationWithKey>(`/integrations/${encodeURIComponent(id)}/rotate-key`);
/** POST /integrations/{id}/disable or /enable */
export const setIntegrationEnabled = (id: string, enabled: boolean) => api.post<Integration>(`/integrations/${encodeURIComponent(id)}/${enabled ? 'enable' : 'disable'}`);

export type DeliveryFilter = { channel?: string; status?: string; target?: string };
/** GET /deliveries: outbound notifications, newest first. */
export const listDeliveries = (filter: DeliveryFilter, cursor: string | undefined, signal?: AbortSignal) =>
  api.get<{ items: Delivery[]; nextCursor: string | null }>('/deliveries', { query: { ...filter, cursor, limit: 50 }, signal });
/** POST /deliveries/{id}/resend */
export const resendDelivery = (id: string) => api.post<Delivery>(`/deliveries/${encodeURIComponent(id)}/resend`);
