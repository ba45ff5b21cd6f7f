import {
  errorBodySchema,
  portalChallengeSchema,
  portalFormSchema,
  portalReportCreatedSchema,
  portalReportSchema,
  portalSlugParamsSchema,
  portalStatusParamsSchema,
  portalStatusSchema,
  publicReportLinkListSchema,
  publicReportLinkPutSchema,
  publicReportLinkSchema,
} from '@vigil/shared';
import type { FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../platform/errors.js';
import type { ApiPlugin } from '../../platform/http/app.js';
import { issuePortalChallenge, regeneratePublicReportSlug, setPublicReportLink, submitPortalReport } from './portal.commands.js';
import { portalPolicy, type PortalPolicy } from './portal.policy.js';
import { getPortalForm, getPortalStatus, getPublicReportLink, listPublicReportLinks } from './portal.queries.js';

const typeParams = z.object({ idOrKey: z.string().min(1).max(100) });
const adminTags = ['public-report-links'];
const publicTags = ['portal'];
const adminErrors = { 400: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema };
/** Cheap in-memory caps per address for the public reads; submissions have their own database throttle. */
const readLimit = { max: 60, timeWindow: '1 minute' };

function withRetryAfter(reply: FastifyReply, err: unknown): never {
  if (err instanceof AppError && err.code === 'rate_limited') reply.header('retry-after', String((err.details as { retryAfterSeconds: number }).retryAfterSeconds));
  throw err;
}

/** Admin routes for the links and the public routes of the portal, with the spam policy (tests pass their own). */
export function createPortalRoutes(policy: PortalPolicy = portalPolicy): ApiPlugin {
  return async (fastify, { deps }) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();

    app.get(
      '/public-report-links',
      { schema: { tags: adminTags, summary: 'Public report links of all types that have one (admins)', response: { 200: publicReportLinkListSchema, 403: errorBodySchema } } },
      async (req) => ({ items: await listPublicReportLinks(deps, req.actor) }),
    );
    app.get(
      '/incident-types/:idOrKey/public-report',
      { schema: { tags: adminTags, summary: 'The public report link of a type (admins)', params: typeParams, response: { 200: publicReportLinkSchema, ...adminErrors } } },
      async (req) => getPublicReportLink(deps, req.actor, req.params.idOrKey),
    );
    app.put(
      '/incident-types/:idOrKey/public-report',
      {
        schema: {
          tags: adminTags,
          summary: 'Switch the public report link of a type on or off (admins); the first time creates its random slug',
          params: typeParams,
          body: publicReportLinkPutSchema,
          response: { 200: publicReportLinkSchema, ...adminErrors, 409: errorBodySchema, 422: errorBodySchema },
        },
      },
      async (req) => setPublicReportLink(deps, req.actor, req.params.idOrKey, req.body),
    );
    app.post(
      '/incident-types/:idOrKey/public-report/regenerate',
      { schema: { tags: adminTags, summary: 'Give the link a new random slug; the old one stops working (admins)', params: typeParams, response: { 200: publicReportLinkSchema, ...adminErrors } } },
      async (req) => regeneratePublicReportSlug(deps, req.actor, req.params.idOrKey),
    );

    app.get(
      '/portal/:slug',
      {
        config: { public: true, rateLimit: readLimit },
        schema: { tags: publicTags, summary: 'The public report form of an enabled link (no account)', security: [], params: portalSlugParamsSchema, response: { 200: portalFormSchema, 400: errorBodySchema, 404: errorBodySchema } },
      },
      async (req) => getPortalForm(deps, req.params.slug, policy),
    );
    app.get(
      '/portal/:slug/challenge',
      {
        config: { public: true, rateLimit: { max: 30, timeWindow: '1 minute' } },
        schema: { tags: publicTags, summary: 'A proof-of-work challenge for one report (no account)', security: [], params: portalSlugParamsSchema, response: { 200: portalChallengeSchema, 400: errorBodySchema, 404: errorBodySchema } },
      },
      async (req) => issuePortalChallenge(deps, req.params.slug, policy),
    );
    app.post(
      '/portal/:slug/reports',
      {
        config: { public: true },
        schema: {
          tags: publicTags,
          summary: 'Report an incident as a guest with a solved challenge; answers the number and the status link',
          security: [],
          params: portalSlugParamsSchema,
          body: portalReportSchema,
          response: { 201: portalReportCreatedSchema, 400: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema, 422: errorBodySchema, 429: errorBodySchema },
        },
      },
      async (req, reply) => {
        try {
          const created = await submitPortalReport(deps, { ip: req.ip, requestId: req.id }, req.params.slug, req.body, policy);
          return reply.status(201).send(created);
        } catch (err) {
          withRetryAfter(reply, err);
        }
      },
    );
    app.get(
      '/portal/status/:token',
      {
        config: { public: true, rateLimit: readLimit },
        schema: { tags: publicTags, summary: 'The status of a guest report and its public comments (the token is the key)', security: [], params: portalStatusParamsSchema, response: { 200: portalStatusSchema, 400: errorBodySchema, 404: errorBodySchema } },
      },
      async (req) => getPortalStatus(deps, req.params.token),
    );
  };
}

export const portalRoutes = createPortalRoutes();
