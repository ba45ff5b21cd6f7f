import {
  errorBodySchema,
  routingPreviewRequestSchema,
  routingPreviewSchema,
  routingRuleCreateSchema,
  routingRuleListSchema,
  routingRuleParamsSchema,
  routingRulePatchSchema,
  routingRuleReorderSchema,
  routingRuleSchema,
} from '@vigil/shared';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../platform/errors.js';
import type { ApiPlugin } from '../../platform/http/app.js';
import { createRoutingRule, deleteRoutingRule, reorderRoutingRules, updateRoutingRule } from './routing.commands.js';
import { getRoutingRule, listRoutingRules, previewRoutingRule } from './routing.queries.js';

const tags = ['routing-rules'];
const errors = { 400: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema };
const versionHeaders = z.looseObject({ 'if-match': z.string().max(100).optional().describe('The version the change is based on, e.g. "3"') });

/** The version a change is based on: If-Match ("3", W/"3" or 3) or `version` in the body; both must agree. */
function versionFrom(ifMatch: string | undefined, bodyVersion: number | undefined): number | undefined {
  let header: number | undefined;
  if (ifMatch !== undefined) {
    const m = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(ifMatch);
    if (!m) throw new AppError('bad_request', 'If-Match must carry the rule version, e.g. If-Match: "3"', [{ path: 'headers.if-match', message: 'must be a version number' }]);
    header = Number(m[1]);
  }
  if (header !== undefined && bodyVersion !== undefined && header !== bodyVersion) {
    throw new AppError('bad_request', 'If-Match and the body version disagree', [{ path: 'body.version', message: 'differs from If-Match' }]);
  }
  return header ?? bodyVersion;
}

export const routingRoutes: ApiPlugin = async (fastify, { deps }) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get('/routing-rules', { schema: { tags, summary: 'Routing rules in evaluation order (admins, managers, auditors)', response: { 200: routingRuleListSchema, 403: errorBodySchema } } }, async (req) => ({
    items: await listRoutingRules(deps.db, req.actor),
  }));

  app.get('/routing-rules/:id', { schema: { tags, summary: 'One routing rule', params: routingRuleParamsSchema, response: { 200: routingRuleSchema, ...errors } } }, async (req, reply) => {
    const rule = await getRoutingRule(deps.db, req.actor, req.params.id);
    reply.header('etag', `"${rule.version}"`);
    return rule;
  });

  app.post('/routing-rules', { schema: { tags, summary: 'Add a routing rule at the end of the order (admins)', body: routingRuleCreateSchema, response: { 201: routingRuleSchema, ...errors } } }, async (req, reply) => {
    const rule = await createRoutingRule(deps, req.actor, req.body);
    return reply.status(201).header('etag', `"${rule.version}"`).send(rule);
  });

  app.patch(
    '/routing-rules/:id',
    {
      schema: {
        tags,
        summary: 'Change a routing rule (admins); needs If-Match: "<version>" or "version" in the body',
        params: routingRuleParamsSchema,
        headers: versionHeaders,
        body: routingRulePatchSchema,
        response: { 200: routingRuleSchema, ...errors, 409: errorBodySchema, 428: errorBodySchema },
      },
    },
    async (req, reply) => {
      const { version, ...patch } = req.body;
      const expected = versionFrom(req.headers['if-match'], version);
      if (expected === undefined) throw new AppError('precondition_required', 'Send the version you edited as If-Match: "<version>" or "version" in the body');
      const rule = await updateRoutingRule(deps, req.actor, req.params.id, patch, expected);
      reply.header('etag', `"${rule.version}"`);
      return rule;
    },
  );

  app.delete(
    '/routing-rules/:id',
    { schema: { tags, summary: 'Delete a routing rule (admins); If-Match is checked when sent', params: routingRuleParamsSchema, headers: versionHeaders, response: { 204: z.undefined(), ...errors, 409: errorBodySchema } } },
    async (req, reply) => {
      await deleteRoutingRule(deps, req.actor, req.params.id, versionFrom(req.headers['if-match'], undefined));
      return reply.status(204).send();
    },
  );

  app.post(
    '/routing-rules/reorder',
    { schema: { tags, summary: 'Put the routing rules in a new order: every rule id once (admins)', body: routingRuleReorderSchema, response: { 200: routingRuleListSchema, ...errors } } },
    async (req) => ({ items: await reorderRoutingRules(deps, req.actor, req.body.ids) }),
  );

  app.post(
    '/routing-rules/preview',
    {
      schema: {
        tags,
        summary: 'Test a rule (saved or unsaved) against an incident: matching conditions and what each effect would do; changes nothing',
        body: routingPreviewRequestSchema,
        response: { 200: routingPreviewSchema, ...errors },
      },
    },
    async (req) => previewRoutingRule(deps, req.actor, req.body),
  );
};
