import { meSchema, mePatchSchema, userSchema } from '@vigil/shared';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { ApiPlugin } from '../../platform/http/app.js';
import { updateMe } from './users.commands.js';
import { getMe } from './users.queries.js';

export const meRoutes: ApiPlugin = async (fastify, { deps }) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.get('/me', { schema: { tags: ['me'], summary: 'The signed-in user, their teams and the CSRF token of a cookie session', response: { 200: meSchema } } }, async (req) =>
    getMe(deps.db, req.actor),
  );
  app.patch(
    '/me',
    { schema: { tags: ['me'], summary: 'Change your name, language, time zone or password (needs currentPassword; ends your other sessions)', body: mePatchSchema, response: { 200: userSchema } } },
    async (req) => updateMe(deps, req.actor, req.body),
  );
};
