import { directoryIdParamsSchema, userCreateSchema, userDetailSchema, userListQuerySchema, userListSchema, userPatchSchema, userSchema } from '@vigil/shared';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { ApiPlugin } from '../../platform/http/app.js';
import { createUser, deactivateUser, updateUser } from './users.commands.js';
import { getUser, listUsers } from './users.queries.js';

export const userRoutes: ApiPlugin = async (fastify, { deps }) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/users',
    { schema: { tags: ['users'], summary: 'List users for assignment and administration (not reporters)', querystring: userListQuerySchema, response: { 200: userListSchema } } },
    async (req) => listUsers(deps.db, req.actor, req.query),
  );
  app.post('/users', { schema: { tags: ['users'], summary: 'Create a user (admins)', body: userCreateSchema, response: { 201: userSchema } } }, async (req, reply) =>
    reply.status(201).send(await createUser(deps, req.actor, req.body)),
  );
  app.get('/users/:id', { schema: { tags: ['users'], summary: 'One user with their teams (admins)', params: directoryIdParamsSchema, response: { 200: userDetailSchema } } }, async (req) =>
    getUser(deps.db, req.actor, req.params.id),
  );
  app.patch(
    '/users/:id',
    {
      schema: {
        tags: ['users'],
        summary: 'Change a user: profile, role, activation or a password reset (admins); the last active admin stays',
        params: directoryIdParamsSchema,
        body: userPatchSchema,
        response: { 200: userSchema },
      },
    },
    async (req) => updateUser(deps, req.actor, req.params.id, req.body),
  );
  app.delete(
    '/users/:id',
    { schema: { tags: ['users'], summary: 'Deactivate a user (admins): ends their sessions and revokes their tokens', params: directoryIdParamsSchema, response: { 200: userSchema } } },
    async (req) => deactivateUser(deps, req.actor, req.params.id),
  );
};
