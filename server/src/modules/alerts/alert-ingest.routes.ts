import type { IntegrationKind } from '@vigil/shared';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { alertmanagerMessageSchema } from '../../integrations/alertmanager/alertmanager.webhook.js';
import { checkWebhookBody } from '../../integrations/generic-webhook/generic-webhook.mapping.js';
import { grafanaMessageSchema } from '../../integrations/grafana/grafana.webhook.js';
import { checkPagerDutyChange, checkPagerDutyEvent, PAGERDUTY_MAX_BODY_BYTES, pagerDutyResponses } from '../../integrations/pagerduty/pagerduty.events.js';
import type { IntegrationRow } from '../../db/schema.js';
import type { Deps } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import type { ApiPlugin } from '../../platform/http/app.js';
import { errorHandler, sendError } from '../../platform/http/errors.js';
import { acceptAlertEvent, changeStreamKey, createAlertEventWriter, findIntegrationByKey, generatedDedupKey, storableKey, type IngestMeta } from './alert-ingest.commands.js';
import { createRateLimiter } from './alert.rate-limit.js';
import { settingsOf } from './integration.presenter.js';

/** Alertmanager and Grafana send whole groups; a large group with annotations outgrows the API's 1 MB. */
const GROUP_BODY_BYTES = 4 * 1024 * 1024;

const keyParams = z.object({ integrationKey: z.string() });

function metaOf(req: FastifyRequest): IngestMeta {
  const ua = req.headers['user-agent'];
  return { ip: req.ip, userAgent: typeof ua === 'string' ? ua : null };
}

const bodyErrors: Record<string, string> = {
  FST_ERR_CTP_BODY_TOO_LARGE: `The event is larger than ${PAGERDUTY_MAX_BODY_BYTES / 1024} KB`,
  FST_ERR_CTP_INVALID_JSON_BODY: 'Invalid JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'Invalid JSON',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'Content-Type must be application/json',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'Invalid JSON',
};

/** PagerDuty senders read PagerDuty's error body: bad bodies answer in its shape; anything else in ours (503 on a database outage). */
function pagerDutyErrorHandler(error: FastifyError | AppError | Error, request: FastifyRequest, reply: FastifyReply) {
  const code = (error as FastifyError).code;
  const message = code ? bodyErrors[code] : undefined;
  if (message) return reply.status(400).send(pagerDutyResponses.invalid([message]));
  if (error instanceof AppError && error.code === 'validation_failed') return reply.status(400).send(pagerDutyResponses.invalid([error.message]));
  return errorHandler(error, request, reply);
}

/**
 * The inbound endpoints, outside the session and token auth (`public`): each is authenticated by
 * its integration key, checks the body against its format, applies the integration's rate limit,
 * stores the event and its processing job in one transaction and only then answers 2xx. They are
 * left out of the OpenAPI document: their bodies and errors are the senders' formats, not ours.
 */
export const alertIngestRoutes: ApiPlugin = async (fastify, { deps }) => {
  const limiter = createRateLimiter();
  const writer = createAlertEventWriter(deps);
  fastify.addHook('onClose', () => writer.drain());
  const overLimit = (integration: IntegrationRow) => {
    const r = limiter.take(integration.id, integration.rate_limit_per_minute, deps.clock.now().getTime());
    return r.ok ? null : r.retryAfterS;
  };

  /** The enabled integration of this kind that the key opens; 404 for an unknown key, 403 for a disabled integration. */
  async function keyed(d: Deps, key: string, kind: IntegrationKind): Promise<IntegrationRow> {
    const integration = await findIntegrationByKey(d, key);
    if (!integration || integration.kind !== kind) throw new AppError('not_found', `No ${kind} integration has this key`);
    if (!integration.enabled) throw new AppError('forbidden', 'This integration is disabled');
    return integration;
  }

  const hidden = { hide: true } as const;
  const ingestPath = (kind: string) => `/api/v1/ingest/${kind}/:integrationKey`;

  fastify.post(
    '/v2/enqueue',
    { config: { public: true }, bodyLimit: PAGERDUTY_MAX_BODY_BYTES, schema: hidden, errorHandler: pagerDutyErrorHandler },
    async (req, reply) => {
      const checked = checkPagerDutyEvent(req.body);
      if (!checked.ok) return reply.status(400).send(pagerDutyResponses.invalid(checked.errors));
      const event = checked.event;
      const integration = await findIntegrationByKey(deps, event.routing_key);
      if (!integration || integration.kind !== 'pagerduty') return reply.status(400).send(pagerDutyResponses.invalid(['Invalid routing key']));
      if (!integration.enabled) return reply.status(400).send(pagerDutyResponses.invalid(['The integration of this routing key is disabled']));
      const retryAfter = overLimit(integration);
      if (retryAfter !== null) return reply.status(429).header('retry-after', String(retryAfter)).send(pagerDutyResponses.throttled());
      const dedupKey = storableKey(typeof event.dedup_key === 'string' && event.dedup_key.trim() !== '' ? event.dedup_key : generatedDedupKey());
      await acceptAlertEvent(deps, writer, integration, event.routing_key, { kind: 'alert', streamKey: dedupKey, body: event }, metaOf(req));
      return reply.status(202).send(pagerDutyResponses.accepted(dedupKey));
    },
  );

  fastify.post(
    '/v2/change/enqueue',
    { config: { public: true }, bodyLimit: PAGERDUTY_MAX_BODY_BYTES, schema: hidden, errorHandler: pagerDutyErrorHandler },
    async (req, reply) => {
      const checked = checkPagerDutyChange(req.body);
      if (!checked.ok) return reply.status(400).send(pagerDutyResponses.invalid(checked.errors));
      const event = checked.event;
      const integration = await findIntegrationByKey(deps, event.routing_key);
      if (!integration || integration.kind !== 'pagerduty') return reply.status(400).send(pagerDutyResponses.invalid(['Invalid routing key']));
      if (!integration.enabled) return reply.status(400).send(pagerDutyResponses.invalid(['The integration of this routing key is disabled']));
      const retryAfter = overLimit(integration);
      if (retryAfter !== null) return reply.status(429).header('retry-after', String(retryAfter)).send(pagerDutyResponses.throttled());
      await acceptAlertEvent(deps, writer, integration, event.routing_key, { kind: 'change', streamKey: changeStreamKey(), body: event }, metaOf(req));
      return reply.status(202).send(pagerDutyResponses.changeAccepted());
    },
  );

  for (const kind of ['alertmanager', 'grafana'] as const) {
    const schema = kind === 'alertmanager' ? alertmanagerMessageSchema : grafanaMessageSchema;
    fastify.post(ingestPath(kind), { config: { public: true }, bodyLimit: GROUP_BODY_BYTES, schema: hidden }, async (req, reply) => {
      const key = keyParams.parse(req.params).integrationKey;
      const integration = await keyed(deps, key, kind);
      const parsed = schema.safeParse(req.body);
      if (!parsed.success) {
        const details = parsed.error.issues.map((i) => ({ path: ['body', ...i.path].join('.'), message: i.message }));
        throw new AppError('validation_failed', 'The request is not valid: ' + details.map((d) => `${d.path}: ${d.message}`).join('; '), details);
      }
      const retryAfter = overLimit(integration);
      // Alertmanager retries 5xx only and drops an event on any 4xx, 429 included: overload is a 503.
      if (retryAfter !== null) return sendError(reply.header('retry-after', String(retryAfter)), 'unavailable', 'Too many events for this integration; retry later');
      const eventId = await acceptAlertEvent(deps, writer, integration, key, { kind: 'alert', streamKey: parsed.data.groupKey, body: req.body }, metaOf(req));
      return reply.status(202).send({ status: 'accepted', eventId });
    });
  }

  fastify.post(ingestPath('webhook'), { config: { public: true }, schema: hidden }, async (req, reply) => {
    const key = keyParams.parse(req.params).integrationKey;
    const integration = await keyed(deps, key, 'webhook');
    const mapping = settingsOf(integration).webhook;
    if (!mapping) throw new AppError('conflict', 'This webhook integration has no field mapping');
    const checked = checkWebhookBody(req.body, mapping);
    if (!checked.ok) {
      const details = checked.errors;
      throw new AppError('validation_failed', 'The request is not valid: ' + details.map((d) => `${d.path}: ${d.message}`).join('; '), details);
    }
    const retryAfter = overLimit(integration);
    if (retryAfter !== null) return sendError(reply.header('retry-after', String(retryAfter)), 'rate_limited', 'Too many events for this integration; retry later');
    const dedupKey = storableKey(checked.dedupKey ?? generatedDedupKey());
    const eventId = await acceptAlertEvent(deps, writer, integration, key, { kind: 'alert', streamKey: dedupKey, body: req.body }, metaOf(req));
    return reply.status(202).send({ status: 'accepted', eventId, dedupKey });
  });
};
