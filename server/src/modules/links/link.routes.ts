import { incidentLinkListSchema, incidentLinkSchema, linkIncidentParamsSchema, linkInputSchema, linkParamsSchema } from '@vigil/shared';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ApiPlugin } from '../../platform/http/app.js';
import { addLink, removeLink } from './link.commands.js';
import { listLinks } from './link.queries.js';

export const linkRoutes: ApiPlugin = async (fastify, { deps }) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.post(
    '/incidents/:id/links',
    {
      schema: {
        tags: ['links'],
        summary: 'Link the incident to another (duplicate_of, related, caused_by)',
        description: 'Agents, managers and admins who can see both incidents.',
        params: linkIncidentParamsSchema,
        body: linkInputSchema,
        response: { 201: incidentLinkSchema },
      },
    },
    async (req, reply) => reply.status(201).send(await addLink(deps, req.actor, req.params.id, req.body)),
  );

  app.get(
    '/incidents/:id/links',
    {
      schema: {
        tags: ['links'],
        summary: "List the incident's links in both directions",
        description: 'Links whose other incident the caller may not see are left out.',
        params: linkIncidentParamsSchema,
        response: { 200: incidentLinkListSchema },
      },
    },
    async (req) => listLinks(deps.db, req.actor, req.params.id),
  );

  app.delete(
    '/incidents/:id/links/:linkId',
    { schema: { tags: ['links'], summary: 'Remove a link', params: linkParamsSchema, response: { 204: z.null().describe('Removed') } } },
    async (req, reply) => {
      await removeLink(deps, req.actor, req.params.id, req.params.linkId);
      return reply.status(204).send(null);
    },
  );
};
