import type { ChatChannel, WebhookEndpoint } from '@vigil/shared';
import { api } from '../../lib/api';

const id = (v: string) => encodeURIComponent(v);

/** GET /webhook-endpoints */
export const listEndpoints = (signal?: AbortSignal) => api.get<{ items: WebhookEndpoint[] }>('/webhook-endpoints', { signal });
/** POST /webhook-endpoints: the signing secret is in this answer only. */
export const createEndpoint = (body: { url: string; description: string; eventTypes: string[]; teamId: string | null }) => api.post<WebhookEndpoint & { secret: string }>('/webhook-endpoints', body);
/** PATCH /webhook-endpoints/{id} */
export const patchEndpoint = (endpointId: string, body: { enabled: boolean }) => api.patch<WebhookEndpoint>(`/webhook-endpoints/${id(endpointId)}`, body);
/** DELETE /webhook-endpoints/{id} */
export const deleteEndpoint = (endpointId: string) => api.delete(`/webhook-endpoints/${id(endpointId)}`);
/** POST /webhook-endpoints/{id}/rotate-secret: the new secret, shown once. */
export const rotateEndpointSecret = (endpointId: string) => api.post<WebhookEndpoint & { secret: string }>(`/webhook-endpoints/${id(endpointId)}/rotate-secret`);
/** POST /webhook-endpoints/{id}/test */
export const testEndpoint = (endpointId: string) => api.post<unknown>(`/webhook-endpoints/${id(endpointId)}/test`);
/** GET /chat-channels */
export const listChannels = (signal?: AbortSignal) => api.get<{ items: ChatChannel[] }>('/chat-channels', { signal });
/** POST /chat-channels */
export const createChannel = (body: { kind: ChatChannel['kind']; name: string; url: string; teamId: string | null; locale: 'en' | 'de' }) => api.post<ChatChannel>('/chat-channels', body);
/** PATCH /chat-channels/{id} */
export const patchChannel = (channelId: string, body: { enabled: boolean }) => api.patch<ChatChannel>(`/chat-channels/${id(channelId)}`, body);
/** DELETE /chat-channels/{id} */
export const deleteChannel = (channelId: string) => api.delete(`/chat-channels/${id(channelId)}`);
/** POST /chat-channels/{id}/test */
export const testChannel = (channelId: string) => api.post<unknown>(`/chat-channels/${id(channelId)}/test`);

export type InboundMail = { id: number; receivedAt: string; envelopeFrom: string; envelopeTo: string[]; subject: string | null; from: string | null; status: string; outcome: string | null; incident: { id: string; number: string } | null; detail: string | null };
/** GET /inbound-mails: what the SMTP listener accepted and what became of it, newest first. */
export const listInboundMails = (status: string | undefined, before: number | undefined, signal?: AbortSignal) =>
  api.get<{ items: InboundMail[]; nextCursor: number | null }>('/inbound-mails', { query: { status, before, limit: 50 }, signal });
