import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ApiPlugin } from '../../platform/http/app.js';
import { notFound } from '../../platform/errors.js';
import { getScheduleFeed, getUserFeed } from './feed.queries.js';

const params = z.object({ file: z.string().max(200) });
/** `<secret>.ics` */
function secretOf(file: string): string {
  if (!file.endsWith('.ics')) throw notFound('Calendar feed');
  return file.slice(0, -4);
}

/**
 * The public iCalendar feeds (no session: calendar programs fetch them). The secret in the URL is the
 * only credential; requests are rate-limited per address.
 */
export const scheduleFeedRoutes: ApiPlugin = async (fastify, { deps }) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const config = { public: true, rateLimit: { max: 120, timeWindow: '1 minute' } };
  app.get('/ical/schedules/:file', { config, schema: { hide: true, params } }, async (req, reply) =>
    reply.type('text/calendar; charset=utf-8').header('content-disposition', 'inline; filename="on-call.ics"').send(await getScheduleFeed(deps, secretOf(req.params.file))),
  );
  app.get('/ical/users/:file', { config, schema: { hide: true, params } }, async (req, reply) =>
    reply.type('text/calendar; charset=utf-8').header('content-disposition', 'inline; filename="my-on-call.ics"').send(await getUserFeed(deps, secretOf(req.params.file))),
  );
};
