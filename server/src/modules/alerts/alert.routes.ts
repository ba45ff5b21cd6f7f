import { alertDetailSchema, alertListQuerySchema, alertListSchema, alertParamsSchema } from '@vigil/shared';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { ApiPlugin } from '../../platform/http/app.js';
import { getAlert, listAlerts } from './alert.queries.js';

export const alertRoutes: ApiPlugin = async (fastify, { deps }) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/alerts',
    {
      schema: {
        tags: ['alerts'],
        summary: 'List alerts from monitoring integrations, newest first',
        description: 'An alert is listed when its incident is visible to the caller.',
        querystring: alertListQuerySchema,
        response: { 200: alertListSchema },
      },
    },
    async (req) => listAlerts(deps.db, req.actor, req.query),
  );
  app.get(
    '/alerts/:id',
    { schema: { tags: ['alerts'], summary: 'One alert with its event history', params: alertParamsSchema, response: { 200: alertDetailSchema } } },
    async (req) => getAlert(deps.db, req.actor, req.params.id),
  );
};
