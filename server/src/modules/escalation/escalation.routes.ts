import {
  errorBodySchema,
  escalationIncidentParamsSchema,
  escalationListSchema,
  escalationPolicyCreateSchema,
  escalationPolicyListQuerySchema,
  escalationPolicyListSchema,
  escalationPolicyParamsSchema,
  escalationPolicyPatchSchema,
  escalationPolicySchema,
  escalationSchema,
  escalationStartSchema,
} from '@vigil/shared';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../platform/errors.js';
import type { ApiPlugin } from '../../platform/http/app.js';
import { createEscalationPolicy, deleteEscalationPolicy, updateEscalationPolicy } from './escalation-policy.commands.js';
import { getEscalationPolicy, listEscalationPolicies } from './escalation-policy.queries.js';
import { startEscalationByHand } from './escalation.commands.js';
import { listIncidentEscalations } from './escalation.queries.js';

const tags = ['escalation'];
const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema };
const changeErrors = { ...errors, 409: errorBodySchema, 428: errorBodySchema };
const versionHeaders = z.looseObject({ 'if-match': z.string().max(100).optional().describe('The version the change is based on, e.g. "3"') });

/** The version a change is based on, from If-Match ("3", W/"3") or the body; both must agree. */
function expectedVersion(ifMatch: string | undefined, bodyVersion: number | undefined): number | undefined {
  let header: number | undefined;
  if (ifMatch !== undefined) {
    const m = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(ifMatch);
    if (!m) throw new AppError('bad_request', 'If-Match must carry the policy version, e.g. If-Match: "3"', [{ path: 'headers.if-match', message: 'must be a version number' }]);
    header = Number(m[1]);
  }
  if (header !== undefined && bodyVersion !== undefined && header !== bodyVersion) {
    throw new AppError('bad_request', 'If-Match and the body version disagree', [{ path: 'body.version', message: 'differs from If-Match' }]);
  }
  return header ?? bodyVersion;
}

export const escalationRoutes: ApiPlugin = async (fastify, { deps }) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/escalation-policies',
    { schema: { tags, summary: 'Escalation policies, optionally of one team', querystring: escalationPolicyListQuerySchema, response: { 200: escalationPolicyListSchema, ...errors } } },
    async (req) => listEscalationPolicies(deps.db, req.actor, req.query),
  );

  app.post(
    '/escalation-policies',
    {
      schema: {
        tags,
        summary: 'Create an escalation policy (admins, managers of the team)',
        description: 'Each level pages its targets and waits delayMinutes for an acknowledgement before the next; repeatCount more passes after the first.',
        body: escalationPolicyCreateSchema,
        response: { 201: escalationPolicySchema, ...changeErrors },
      },
    },
    async (req, reply) => reply.code(201).send(await createEscalationPolicy(deps, req.actor, req.body)),
  );

  app.get(
    '/escalation-policies/:id',
    { schema: { tags, summary: 'One escalation policy', params: escalationPolicyParamsSchema, response: { 200: escalationPolicySchema, ...errors } } },
    async (req) => getEscalationPolicy(deps.db, req.actor, req.params.id),
  );

  app.patch(
    '/escalation-policies/:id',
    {
      schema: {
        tags,
        summary: 'Change an escalation policy (If-Match or version required); running escalations keep their snapshot',
        params: escalationPolicyParamsSchema,
        headers: versionHeaders,
        body: escalationPolicyPatchSchema,
        response: { 200: escalationPolicySchema, ...changeErrors },
      },
    },
    async (req) => updateEscalationPolicy(deps, req.actor, req.params.id, req.body, expectedVersion(req.headers['if-match'], req.body.version)),
  );

  app.delete(
    '/escalation-policies/:id',
    { schema: { tags, summary: 'Delete an escalation policy; running escalations finish from their snapshot', params: escalationPolicyParamsSchema, response: { 204: z.null().describe('Deleted'), ...errors } } },
    async (req, reply) => {
      await deleteEscalationPolicy(deps, req.actor, req.params.id);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/incidents/:idOrNumber/escalations',
    {
      schema: {
        tags,
        summary: 'Start an escalation policy on the incident by hand',
        params: escalationIncidentParamsSchema,
        body: escalationStartSchema,
        response: { 201: escalationSchema, ...changeErrors },
      },
    },
    async (req, reply) => reply.code(201).send(await startEscalationByHand(deps, req.actor, req.params.idOrNumber, req.body)),
  );

  app.get(
    '/incidents/:idOrNumber/escalations',
    { schema: { tags, summary: "The incident's escalations, newest first, with who was paged at which level", params: escalationIncidentParamsSchema, response: { 200: escalationListSchema, ...errors } } },
    async (req) => listIncidentEscalations(deps.db, req.actor, req.params.idOrNumber),
  );
};
