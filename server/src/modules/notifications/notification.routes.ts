import { errorBodySchema, notificationListQuerySchema, notificationListSchema, notificationParamsSchema, notificationSchema, readAllResultSchema, unreadCountSchema } from '@vigil/shared';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { ApiPlugin } from '../../platform/http/app.js';
import { markAllNotificationsRead, markNotificationRead } from './notification.commands.js';
import { getUnreadCount, listNotifications } from './notification.queries.js';

const tags = ['notifications'];
const errors = { 400: errorBodySchema, 401: errorBodySchema, 404: errorBodySchema };

export const notificationRoutes: ApiPlugin = async (fastify, { deps }) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/notifications',
    { schema: { tags, summary: "The caller's in-app notifications, newest first", querystring: notificationListQuerySchema, response: { 200: notificationListSchema, ...errors } } },
    async (req) => listNotifications(deps.db, req.actor, req.query),
  );

  app.get(
    '/notifications/unread-count',
    { schema: { tags, summary: "How many of the caller's notifications are unread", response: { 200: unreadCountSchema, ...errors } } },
    async (req) => getUnreadCount(deps.db, req.actor),
  );

  app.post(
    '/notifications/:id/read',
    { schema: { tags, summary: 'Mark one of your notifications read', params: notificationParamsSchema, response: { 200: notificationSchema, ...errors } } },
    async (req) => markNotificationRead(deps, req.actor, req.params.id),
  );

  app.post(
    '/notifications/read-all',
    { schema: { tags, summary: 'Mark all of your notifications read', response: { 200: readAllResultSchema, ...errors } } },
    async (req) => markAllNotificationsRead(deps, req.actor),
  );
};
