import { bulkRequestSchema, bulkResponseSchema, errorBodySchema } from '@vigil/shared';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { ApiPlugin } from '../../platform/http/app.js';
import { bulkChangeIncidents } from './bulk.commands.js';

export const bulkRoutes: ApiPlugin = async (fastify, { deps }) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.post(
    '/incidents/bulk',
    {
      schema: {
        tags: ['bulk'],
        summary: 'Assign or transition up to 200 incidents; each is changed on its own, the answer reports every id',
        body: bulkRequestSchema,
        response: { 200: bulkResponseSchema, 400: errorBodySchema },
      },
    },
    async (req) => bulkChangeIncidents(deps, req.actor, req.body),
  );
};
