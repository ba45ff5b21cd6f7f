import { errorBodySchema, liveQuerySchema } from '@vigil/shared';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireUser } from '../../platform/authz.js';
import { AppError } from '../../platform/errors.js';
import { SESSION_COOKIE, type ApiPlugin } from '../../platform/http/app.js';
import { createAuthenticator } from '../directory/index.js';
import { createLiveHub, defaultHubOptions, type LiveHubOptions } from './live.hub.js';

const headers = z.looseObject({
  'last-event-id': z.string().max(40).optional().describe('Sent by EventSource on reconnect: the id of the last event received'),
});

/** The Last-Event-ID header (EventSource's reconnect) or the query parameter (first connect); digits only, else ignored as EventSource would send garbage back. */
function resumeAfter(header: string | undefined, query: number | undefined): number | undefined {
  if (header !== undefined) {
    if (!/^\d{1,15}$/.test(header.trim())) throw new AppError('validation_failed', 'Last-Event-ID must be an event id', [{ path: 'headers.last-event-id', message: 'must be an event id' }]);
    return Number(header.trim());
  }
  return query;
}

/** The live routes with their hub's timings (tests shorten them). */
export function createLiveRoutes(options: LiveHubOptions = defaultHubOptions): ApiPlugin {
  return async (fastify, { deps }) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    const authenticate = createAuthenticator(deps);
    const hub = createLiveHub(deps, options);
    fastify.addHook('preClose', async () => hub.stop());

    app.get(
      '/events',
      {
        schema: {
          tags: ['live'],
          summary: 'Live updates as Server-Sent Events: incident (visible timeline events, id = timeline id), resync, and per-user notices named by kind',
          querystring: liveQuerySchema,
          headers,
          response: {
            200: { description: 'An endless text/event-stream; a comment every 15 s keeps it open', content: { 'text/event-stream': { schema: z.string() } } },
            400: errorBodySchema,
            401: errorBodySchema,
            429: errorBodySchema,
          },
        },
      },
      async (req, reply) => {
        const actor = req.actor;
        requireUser(actor);
        const lastEventId = resumeAfter(req.headers['last-event-id'], req.query.lastEventId);
        const credentials = {
          headers: { authorization: req.headers.authorization },
          cookies: { [SESSION_COOKIE]: req.cookies[SESSION_COOKIE] },
          ip: req.ip,
          id: req.id,
        };
        const reauthenticate = async () => (await authenticate(credentials))?.actor ?? null;
        await hub.connect(reply, actor, reauthenticate, lastEventId);
        return reply;
      },
    );
  };
}

export const liveRoutes = createLiveRoutes();
