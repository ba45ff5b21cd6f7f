import { alertEventListQuerySchema, alertEventListSchema, integrationCreateSchema, integrationListSchema, integrationParamsSchema, integrationPatchSchema, integrationSchema, integrationWithKeySchema } from '@vigil/shared';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { ApiPlugin } from '../../platform/http/app.js';
import { createIntegration, rotateIntegrationKey, setIntegrationEnabled, updateIntegration } from './integration.commands.js';
import { getIntegration, listIntegrationEvents, listIntegrations } from './integration.queries.js';

export const integrationRoutes: ApiPlugin = async (fastify, { deps }) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const baseUrl = deps.config.baseUrl;
  const tags = ['integrations'];

  app.post(
    '/integrations',
    {
      schema: {
        tags,
        summary: 'Create an integration (admins); the key is in this response only',
        description: 'Kinds: pagerduty (POST /v2/enqueue, key as routing_key), alertmanager, grafana, webhook (POST /api/v1/ingest/{kind}/{key}), email.',
        body: integrationCreateSchema,
        response: { 201: integrationWithKeySchema },
      },
    },
    async (req, reply) => reply.status(201).send(await createIntegration(deps, req.actor, req.body)),
  );
  app.get('/integrations', { schema: { tags, summary: 'List integrations (admins, auditors)', response: { 200: integrationListSchema } } }, async (req) =>
    listIntegrations(deps.db, req.actor, baseUrl),
  );
  app.get(
    '/integrations/:id',
    { schema: { tags, summary: 'One integration (admins, auditors)', params: integrationParamsSchema, response: { 200: integrationSchema } } },
    async (req) => getIntegration(deps.db, req.actor, req.params.id, baseUrl),
  );
  app.patch(
    '/integrations/:id',
    { schema: { tags, summary: 'Change name, type, team, rate limit or settings (admins)', params: integrationParamsSchema, body: integrationPatchSchema, response: { 200: integrationSchema } } },
    async (req) => updateIntegration(deps, req.actor, req.params.id, req.body),
  );
  app.post(
    '/integrations/:id/disable',
    { schema: { tags, summary: 'Stop accepting events with this key (admins)', params: integrationParamsSchema, response: { 200: integrationSchema } } },
    async (req) => setIntegrationEnabled(deps, req.actor, req.params.id, false),
  );
  app.post(
    '/integrations/:id/enable',
    { schema: { tags, summary: 'Accept events again (admins)', params: integrationParamsSchema, response: { 200: integrationSchema } } },
    async (req) => setIntegrationEnabled(deps, req.actor, req.params.id, true),
  );
  app.post(
    '/integrations/:id/rotate-key',
    { schema: { tags, summary: 'Replace the key now; the new key is in this response only (admins)', params: integrationParamsSchema, response: { 200: integrationWithKeySchema } } },
    async (req) => rotateIntegrationKey(deps, req.actor, req.params.id),
  );
  app.get(
    '/integrations/:id/events',
    {
      schema: {
        tags,
        summary: 'Inbound events of an integration as stored (keys redacted), newest first (admins, auditors)',
        description: 'Also lists PagerDuty change events (kind=change).',
        params: integrationParamsSchema,
        querystring: alertEventListQuerySchema,
        response: { 200: alertEventListSchema },
      },
    },
    async (req) => listIntegrationEvents(deps.db, req.actor, req.params.id, req.query),
  );
};
