import { errorCodes } from '@vigil/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../platform/errors.js';
import type { ApiPlugin, Authenticator } from '../../platform/http/app.js';
import { acknowledgeByLink, previewAckLink, type AckLinkRefusal } from './ack-link.commands.js';
import { localeFromHeader, renderConfirmPage, renderDonePage, renderRefusedPage } from './ack-link.page.js';

/** Where the one-click acknowledge links live (outside /api/v1: they are pages, opened from a message). */
export const ACK_PATH_PREFIX = '/ack/';

/**
 * The acknowledge link authenticates by its signed token alone: on its paths the session cookie is
 * not consulted, so a signed-in browser neither lends the link its session nor trips the CSRF check
 * that an HTML form cannot satisfy (the token in the path is what a forger cannot know).
 */
export function withoutSessionOnAckLinks(authenticate: Authenticator): Authenticator {
  return async (request) => {
    const url = (request as { url?: unknown }).url;
    if (typeof url === 'string' && url.startsWith(ACK_PATH_PREFIX)) return null;
    return authenticate(request);
  };
}

type TokenRequest = FastifyRequest<{ Params: { token: string } }>;

const meta = (req: FastifyRequest) => ({ ip: req.ip, requestId: req.id });

function sendPage(reply: FastifyReply, status: number, html: string) {
  return reply.status(status).header('content-type', 'text/html; charset=utf-8').header('x-robots-tag', 'noindex').send(html);
}

/** Known refusals and command errors (a role that may not acknowledge, a merged incident) become a 4xx page; anything else stays an error. */
function sendRefusal(req: FastifyRequest, reply: FastifyReply, err: unknown) {
  if (!(err instanceof AppError) || errorCodes[err.code] >= 500) throw err;
  const reason = (err.details as { reason?: AckLinkRefusal } | undefined)?.reason ?? null;
  return sendPage(reply, errorCodes[err.code], renderRefusedPage(localeFromHeader(req.headers['accept-language']), reason, err.message));
}

/**
 * GET /ack/{token}: a confirmation page with a POST form (GET changes nothing, because mail
 * scanners prefetch links); POST /ack/{token}: acknowledges as the link's person. Public routes,
 * throttled per address, left out of the API document.
 */
export const ackLinkRoutes: ApiPlugin = async (app, { deps }) => {
  // The confirmation form posts url-encoded; it carries nothing the route reads.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 1024 }, (_req, _body, done) => done(null, {}));
  const config = { public: true, rateLimit: { max: 30, timeWindow: '1 minute' } };
  const schema = { hide: true };

  app.get(`${ACK_PATH_PREFIX}:token`, { config, schema }, async (req: TokenRequest, reply) => {
    try {
      const preview = await previewAckLink(deps, req.params.token, meta(req));
      return sendPage(reply, 200, renderConfirmPage(preview, `${ACK_PATH_PREFIX}${encodeURIComponent(req.params.token)}`));
    } catch (err) {
      return sendRefusal(req, reply, err);
    }
  });

  app.post(`${ACK_PATH_PREFIX}:token`, { config, schema }, async (req: TokenRequest, reply) => {
    try {
      return sendPage(reply, 200, renderDonePage(await acknowledgeByLink(deps, req.params.token, meta(req))));
    } catch (err) {
      return sendRefusal(req, reply, err);
    }
  });
};
