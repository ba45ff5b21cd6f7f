import { incidentTypeInputSchema, incidentTypePatchBodySchema, incidentTypeSchema } from '@vigil/shared';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ApiPlugin } from '../../platform/http/app.js';
import { AppError } from '../../platform/errors.js';
import { createIncidentType, updateIncidentType } from './type.commands.js';
import { getIncidentTypeForActor, listIncidentTypes } from './type.queries.js';

const tags = ['incident-types'];
const params = z.object({ idOrKey: z.string().min(1).max(100) });

/** The version a write is based on: If-Match (`"3"`, `W/"3"` or `3`) or `version` in the body; both must agree. */
export function expectedVersion(ifMatch: string | undefined, bodyVersion: number | undefined): number {
  let header: number | undefined;
  if (ifMatch !== undefined) {
    const m = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(ifMatch);
    if (!m) throw new AppError('validation_failed', 'If-Match must be the version number of the incident type', [{ path: 'headers.if-match', message: 'must be a version number' }]);
    header = Number(m[1]);
  }
  if (header !== undefined && bodyVersion !== undefined && header !== bodyVersion) {
    throw new AppError('validation_failed', `If-Match (${header}) and body version (${bodyVersion}) disagree`, [{ path: 'body.version', message: 'disagrees with If-Match' }]);
  }
  const version = header ?? bodyVersion;
  if (version === undefined) throw new AppError('precondition_required', 'Send the version you edited as an If-Match header or as "version" in the body');
  return version;
}

export const typeRoutes: ApiPlugin = async (fastify, { deps }) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/incident-types',
    {
      schema: {
        tags,
        summary: 'List incident types (active ones; admins may add ?all=true for inactive ones too)',
        querystring: z.object({ all: z.enum(['true', 'false']).optional() }),
        response: { 200: z.object({ items: z.array(incidentTypeSchema) }) },
      },
    },
    async (req) => ({ items: await listIncidentTypes(deps.db, req.actor, { all: req.query.all === 'true' }) }),
  );

  app.get(
    '/incident-types/:idOrKey',
    { schema: { tags, summary: 'Get one incident type by id or key, with its fields as JSON Schema', params, response: { 200: incidentTypeSchema } } },
    async (req, reply) => {
      const type = await getIncidentTypeForActor(deps.db, req.actor, req.params.idOrKey);
      reply.header('etag', `"${type.version}"`);
      return type;
    },
  );

  app.post(
    '/incident-types',
    { schema: { tags, summary: 'Create an incident type (admins)', body: incidentTypeInputSchema, response: { 201: incidentTypeSchema } } },
    async (req, reply) => {
      const type = await createIncidentType(deps.db, req.actor, deps.clock.now(), req.body);
      return reply.status(201).header('etag', `"${type.version}"`).send(type);
    },
  );

  app.patch(
    '/incident-types/:idOrKey',
    {
      schema: {
        tags,
        summary: 'Change an incident type (admins); needs If-Match: <version> or "version" in the body',
        params,
        headers: z.object({ 'if-match': z.string().max(100).optional() }),
        body: incidentTypePatchBodySchema,
        response: { 200: incidentTypeSchema },
      },
    },
    async (req, reply) => {
      const { version, ...patch } = req.body;
      const type = await updateIncidentType(deps.db, req.actor, deps.clock.now(), req.params.idOrKey, expectedVersion(req.headers['if-match'], version), patch);
      reply.header('etag', `"${type.version}"`);
      return type;
    },
  );
};
