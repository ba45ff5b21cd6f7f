import {
  chatChannelCreateSchema,
  chatChannelListSchema,
  chatChannelPatchSchema,
  chatChannelSchema,
  communicationCreateSchema,
  communicationSchema,
  deliveryDetailSchema,
  deliveryIdParamsSchema,
  deliveryListQuerySchema,
  deliveryListSchema,
  deliverySchema,
  errorBodySchema,
  incidentParamsSchema,
  stakeholderListCreateSchema,
  stakeholderListListSchema,
  stakeholderListPatchSchema,
  stakeholderListQuerySchema,
  stakeholderListSchema,
  webhookEndpointCreateSchema,
  webhookEndpointListSchema,
  webhookEndpointPatchSchema,
  webhookEndpointSchema,
  webhookEndpointWithSecretSchema,
} from '@vigil/shared';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ApiPlugin } from '../../platform/http/app.js';
import { createChatChannel, deleteChatChannel, sendTestChatMessage, updateChatChannel } from './chat-channel.commands.js';
import { sendCommunication } from './communication.commands.js';
import { resendDelivery } from './delivery.commands.js';
import { presentDelivery } from './delivery.presenter.js';
import { getChatChannel, getDelivery, getStakeholderList, getWebhookEndpoint, listChatChannels, listDeliveries, listStakeholderLists, listWebhookEndpoints } from './delivery.queries.js';
import { createWebhookEndpoint, deleteWebhookEndpoint, rotateWebhookSecret, sendTestWebhook, updateWebhookEndpoint } from './endpoint.commands.js';
import { createStakeholderList, deleteStakeholderList, updateStakeholderList } from './stakeholder.commands.js';

const errors = { 400: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema };
const changeErrors = { ...errors, 409: errorBodySchema, 422: errorBodySchema };
const params = deliveryIdParamsSchema;
const queued = z.object({ deliveryId: z.uuid() });

export const deliveryRoutes: ApiPlugin = async (fastify, { deps }) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const db = deps.db;

  // Outbound webhooks (Standard Webhooks).
  const wh = ['webhooks'];
  app.get('/webhook-endpoints', { schema: { tags: wh, summary: 'Outbound webhook endpoints (admins)', response: { 200: webhookEndpointListSchema, ...errors } } }, async (req) => listWebhookEndpoints(db, req.actor));
  app.post(
    '/webhook-endpoints',
    { schema: { tags: wh, summary: 'Add an endpoint; its signing secret (whsec_…) is in this response only', body: webhookEndpointCreateSchema, response: { 201: webhookEndpointWithSecretSchema, ...changeErrors } } },
    async (req, reply) => reply.code(201).send(await createWebhookEndpoint(deps, req.actor, req.body)),
  );
  app.get('/webhook-endpoints/:id', { schema: { tags: wh, summary: 'One endpoint', params, response: { 200: webhookEndpointSchema, ...errors } } }, async (req) => getWebhookEndpoint(db, req.actor, req.params.id));
  app.patch(
    '/webhook-endpoints/:id',
    { schema: { tags: wh, summary: 'Change an endpoint; enabled: true re-enables one disabled by a 410', params, body: webhookEndpointPatchSchema, response: { 200: webhookEndpointSchema, ...changeErrors } } },
    async (req) => updateWebhookEndpoint(deps, req.actor, req.params.id, req.body),
  );
  app.delete('/webhook-endpoints/:id', { schema: { tags: wh, summary: 'Delete an endpoint', params, response: { 204: z.undefined(), ...errors } } }, async (req, reply) => {
    await deleteWebhookEndpoint(deps, req.actor, req.params.id);
    return reply.code(204).send();
  });
  app.post(
    '/webhook-endpoints/:id/rotate-secret',
    { schema: { tags: wh, summary: 'New signing secret (in this response only); the old one also signs for 24 hours', params, response: { 200: webhookEndpointWithSecretSchema, ...errors } } },
    async (req) => rotateWebhookSecret(deps, req.actor, req.params.id),
  );
  app.post('/webhook-endpoints/:id/test', { schema: { tags: wh, summary: 'Send a signed webhook.test message', params, response: { 202: queued, ...errors } } }, async (req, reply) =>
    reply.code(202).send({ deliveryId: await sendTestWebhook(deps, req.actor, req.params.id) }),
  );

  // Chat channels (Slack, Mattermost, Microsoft Teams incoming webhooks).
  const chat = ['chat'];
  app.get('/chat-channels', { schema: { tags: chat, summary: 'Chat channels (admins); webhook URLs shown as hints only', response: { 200: chatChannelListSchema, ...errors } } }, async (req) => listChatChannels(db, req.actor));
  app.post('/chat-channels', { schema: { tags: chat, summary: 'Add a Slack, Mattermost or Teams incoming webhook', body: chatChannelCreateSchema, response: { 201: chatChannelSchema, ...changeErrors } } }, async (req, reply) =>
    reply.code(201).send(await createChatChannel(deps, req.actor, req.body)),
  );
  app.get('/chat-channels/:id', { schema: { tags: chat, summary: 'One chat channel', params, response: { 200: chatChannelSchema, ...errors } } }, async (req) => getChatChannel(db, req.actor, req.params.id));
  app.patch('/chat-channels/:id', { schema: { tags: chat, summary: 'Change a chat channel', params, body: chatChannelPatchSchema, response: { 200: chatChannelSchema, ...changeErrors } } }, async (req) =>
    updateChatChannel(deps, req.actor, req.params.id, req.body),
  );
  app.delete('/chat-channels/:id', { schema: { tags: chat, summary: 'Delete a chat channel', params, response: { 204: z.undefined(), ...errors } } }, async (req, reply) => {
    await deleteChatChannel(deps, req.actor, req.params.id);
    return reply.code(204).send();
  });
  app.post('/chat-channels/:id/test', { schema: { tags: chat, summary: 'Post a test message', params, response: { 202: queued, ...errors } } }, async (req, reply) =>
    reply.code(202).send({ deliveryId: await sendTestChatMessage(deps, req.actor, req.params.id) }),
  );

  // The delivery log.
  const log = ['deliveries'];
  app.get('/deliveries', { schema: { tags: log, summary: 'Delivery log, newest first (admins, auditors)', querystring: deliveryListQuerySchema, response: { 200: deliveryListSchema, ...errors } } }, async (req) =>
    listDeliveries(db, req.actor, req.query),
  );
  app.get('/deliveries/:id', { schema: { tags: log, summary: 'One delivery with its payload', params, response: { 200: deliveryDetailSchema, ...errors } } }, async (req) => getDelivery(db, req.actor, req.params.id));
  app.post('/deliveries/:id/resend', { schema: { tags: log, summary: 'Send a finished delivery again (a new round of attempts)', params, response: { 202: deliverySchema, ...changeErrors } } }, async (req, reply) =>
    reply.code(202).send(presentDelivery(await resendDelivery(deps, req.actor, req.params.id))),
  );

  // Stakeholder communication.
  const comm = ['communications'];
  app.get('/stakeholder-lists', { schema: { tags: comm, summary: 'Stakeholder lists', querystring: stakeholderListQuerySchema, response: { 200: stakeholderListListSchema, ...errors } } }, async (req) =>
    listStakeholderLists(db, req.actor, req.query),
  );
  app.post('/stakeholder-lists', { schema: { tags: comm, summary: 'Add a stakeholder list to a team', body: stakeholderListCreateSchema, response: { 201: stakeholderListSchema, ...changeErrors } } }, async (req, reply) =>
    reply.code(201).send(await createStakeholderList(deps, req.actor, req.body)),
  );
  app.get('/stakeholder-lists/:id', { schema: { tags: comm, summary: 'One stakeholder list', params, response: { 200: stakeholderListSchema, ...errors } } }, async (req) => getStakeholderList(db, req.actor, req.params.id));
  app.patch('/stakeholder-lists/:id', { schema: { tags: comm, summary: 'Change a stakeholder list', params, body: stakeholderListPatchSchema, response: { 200: stakeholderListSchema, ...changeErrors } } }, async (req) =>
    updateStakeholderList(deps, req.actor, req.params.id, req.body),
  );
  app.delete('/stakeholder-lists/:id', { schema: { tags: comm, summary: 'Delete a stakeholder list', params, response: { 204: z.undefined(), ...errors } } }, async (req, reply) => {
    await deleteStakeholderList(deps, req.actor, req.params.id);
    return reply.code(204).send();
  });
  app.post(
    '/incidents/:idOrNumber/communications',
    { schema: { tags: comm, summary: 'Email a public update to the reporter and stakeholder lists', params: incidentParamsSchema, body: communicationCreateSchema, response: { 202: communicationSchema, ...changeErrors } } },
    async (req, reply) => reply.code(202).send(await sendCommunication(deps, req.actor, req.params.idOrNumber, req.body)),
  );
};
