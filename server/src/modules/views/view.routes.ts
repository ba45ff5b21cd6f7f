import { errorBodySchema, savedViewCreateSchema, savedViewListSchema, savedViewParamsSchema, savedViewPatchSchema, savedViewSchema } from '@vigil/shared';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ApiPlugin } from '../../platform/http/app.js';
import { createView, deleteView, openViews, updateView } from './view.commands.js';

const tags = ['views'];
const errors = { 400: errorBodySchema, 404: errorBodySchema };

export const viewRoutes: ApiPlugin = async (fastify, { deps }) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/views',
    { schema: { tags, summary: 'Your saved views of the incident list, in order (your two default views are created on the first call)', response: { 200: savedViewListSchema } } },
    async (req) => ({ items: await openViews(deps, req.actor) }),
  );
  app.post(
    '/views',
    { schema: { tags, summary: 'Save a view: filters (GET /incidents parameters), sort, columns', body: savedViewCreateSchema, response: { 201: savedViewSchema, ...errors, 409: errorBodySchema, 422: errorBodySchema } } },
    async (req, reply) => reply.status(201).send(await createView(deps, req.actor, req.body)),
  );
  app.patch(
    '/views/:id',
    { schema: { tags, summary: 'Change one of your views (rename, filters, sort, columns, position)', params: savedViewParamsSchema, body: savedViewPatchSchema, response: { 200: savedViewSchema, ...errors, 409: errorBodySchema } } },
    async (req) => updateView(deps, req.actor, req.params.id, req.body),
  );
  app.delete(
    '/views/:id',
    { schema: { tags, summary: 'Delete one of your views', params: savedViewParamsSchema, response: { 204: z.undefined(), ...errors } } },
    async (req, reply) => {
      await deleteView(deps, req.actor, req.params.id);
      return reply.status(204).send();
    },
  );
};
