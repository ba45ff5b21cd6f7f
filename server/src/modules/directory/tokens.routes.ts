import { apiTokenCreatedSchema, apiTokenListSchema, directoryIdParamsSchema, tokenCreateSchema } from '@vigil/shared';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireUser } from '../../platform/authz.js';
import type { ApiPlugin } from '../../platform/http/app.js';
import { createApiToken, revokeApiToken } from './tokens.commands.js';
import { listApiTokens } from './tokens.queries.js';

export const tokenRoutes: ApiPlugin = async (fastify, { deps }) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.get('/tokens', { schema: { tags: ['tokens'], summary: 'Your personal API tokens (never their secrets)', response: { 200: apiTokenListSchema } } }, async (req) =>
    listApiTokens(deps.db, req.actor),
  );
  app.post(
    '/tokens',
    { schema: { tags: ['tokens'], summary: 'Create a personal API token; the token is in this response only', body: tokenCreateSchema, response: { 201: apiTokenCreatedSchema } } },
    async (req, reply) => {
      requireUser(req.actor);
      return reply.status(201).send(await createApiToken(deps, req.actor, req.actor.userId, req.body));
    },
  );
  app.delete(
    '/tokens/:id',
    { schema: { tags: ['tokens'], summary: 'Revoke one of your tokens', params: directoryIdParamsSchema, response: { 204: z.undefined() } } },
    async (req, reply) => {
      await revokeApiToken(deps, req.actor, req.params.id);
      return reply.status(204).send();
    },
  );
};
