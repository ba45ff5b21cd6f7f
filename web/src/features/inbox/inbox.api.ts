import type { Notification, NotificationList } from '@vigil/shared';
import { api } from '../../lib/api';

/** GET /notifications: the caller's notifications, newest first. */
export const listNotifications = (query: { unread?: boolean; cursor?: string | undefined; limit?: number }, signal?: AbortSignal) =>
  api.get<NotificationList>('/notifications', { query: { unread: query.unread ? 'true' : undefined, cursor: query.cursor, limit: query.limit }, signal });

/** GET /notifications/unread-count */
export const getUnreadCount = (signal?: AbortSignal) => api.get<{ count: number }>('/notifications/unread-count', { signal });

/** POST /notifications/{id}/read */
export const markRead = (id: string) => api.post<Notification>(`/notifications/${encodeURIComponent(id)}/read`);

/** POST /notifications/read-all */
export const markAllRead = () => api.post<{ updated: number }>('/notifications/read-all');

/** POST /incidents/{id}/acknowledge */
export const acknowledgeIncident = (id: string) => api.post<unknown>(`/incidents/${encodeURIComponent(id)}/acknowledge`, {});

export const inboxKeys = { all: ['notifications'] as const, count: ['notifications', 'unread-count'] as const };
