import { sql } from 'kysely';
import { z } from 'zod';
import type { ApiPlugin } from '../../platform/http/app.js';
import { sendError } from '../../platform/http/errors.js';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';

/** Liveness and readiness: /readyz answers 503 when the database does not. */
export const healthRoutes: ApiPlugin = async (fastify, { deps }) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.get('/healthz', { config: { public: true }, schema: { hide: true, response: { 200: z.object({ status: z.literal('ok') }) } } }, async () => ({ status: 'ok' as const }));
  app.get('/readyz', { config: { public: true }, schema: { hide: true } }, async (_req, reply) => {
    try {
      await Promise.race([
        sql`select 1`.execute(deps.db),
        new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 3000).unref()),
      ]);
      return { status: 'ready', database: deps.dbKind };
    } catch {
      return sendError(reply.header('retry-after', '5'), 'unavailable', 'The database is not reachable');
    }
  });
};
