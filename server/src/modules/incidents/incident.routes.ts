import {
  commentCreateSchema,
  commentListQuerySchema,
  commentListSchema,
  commentSchema,
  errorBodySchema,
  incidentCreateSchema,
  incidentListQuerySchema,
  incidentListSchema,
  incidentMergeSchema,
  incidentParamsSchema,
  incidentPatchSchema,
  incidentSchema,
  incidentTransitionSchema,
  safeText,
  timelineListSchema,
  timelineQuerySchema,
  watcherListSchema,
  watcherParamsSchema,
} from '@vigil/shared';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../platform/errors.js';
import type { ApiPlugin } from '../../platform/http/app.js';
import { addComment } from './comment.commands.js';
import { acknowledgeIncident } from './incident-ack.commands.js';
import { createIncident, updateIncident } from './incident.commands.js';
import { mergeIncident, transitionIncident } from './incident-workflow.commands.js';
import { listIncidents } from './incident-list.queries.js';
import { getIncident, getIncidentTimeline, listComments, listWatchers, presentIncidentRow, presentNewComment, watchersOf } from './incident.queries.js';
import { addWatcher, removeWatcher } from './watcher.commands.js';

const tags = ['incidents'];
const errors = { 400: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema };
const changeErrors = { ...errors, 409: errorBodySchema, 422: errorBodySchema };

const createHeaders = z.looseObject({
  'idempotency-key': safeText(200).min(1).optional().describe('Repeating a create with the same key returns the incident the first request made'),
});
const versionHeaders = z.looseObject({
  'if-match': z.string().max(100).optional().describe('The version the change is based on, e.g. "7"'),
});

/** The version a change is based on, from If-Match ("7", W/"7" or 7) or the body; both must agree. */
function expectedVersion(ifMatch: string | undefined, bodyVersion: number | undefined): number | undefined {
  let header: number | undefined;
  if (ifMatch !== undefined) {
    const m = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(ifMatch);
    if (!m) throw new AppError('bad_request', 'If-Match must carry the incident version, e.g. If-Match: "7"', [{ path: 'headers.if-match', message: 'must be a version number' }]);
    header = Number(m[1]);
  }
  if (header !== undefined && bodyVersion !== undefined && header !== bodyVersion) {
    throw new AppError('bad_request', 'If-Match and the body version disagree', [{ path: 'body.version', message: 'differs from If-Match' }]);
  }
  return header ?? bodyVersion;
}

export const incidentRoutes: ApiPlugin = async (fastify, { deps }) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const db = deps.db;

  app.post(
    '/incidents',
    { schema: { tags, summary: 'Report an incident', headers: createHeaders, body: incidentCreateSchema, response: { 201: incidentSchema, ...changeErrors } } },
    async (req, reply) => {
      const { row, replayed } = await createIncident(deps, req.actor, req.body, { idempotencyKey: req.headers['idempotency-key'] });
      if (replayed) reply.header('idempotent-replayed', 'true');
      return reply.code(201).send(await presentIncidentRow(db, req.actor, row, deps.clock.now()));
    },
  );

  app.get(
    '/incidents',
    { schema: { tags, summary: 'List and search incidents (filters, custom.<key>=value, keyset pages)', querystring: incidentListQuerySchema, response: { 200: incidentListSchema, 400: errorBodySchema } } },
    async (req) => listIncidents(db, req.actor, req.query, deps.clock.now()),
  );

  app.get(
    '/incidents/:idOrNumber',
    { schema: { tags, summary: 'One incident by id or number', params: incidentParamsSchema, response: { 200: incidentSchema, ...errors } } },
    async (req) => getIncident(db, req.actor, req.params.idOrNumber, deps.clock.now()),
  );

  app.patch(
    '/incidents/:idOrNumber',
    {
      schema: {
        tags,
        summary: 'Change fields of an incident (If-Match or version required; state changes through transitions)',
        params: incidentParamsSchema,
        headers: versionHeaders,
        body: incidentPatchSchema,
        response: { 200: incidentSchema, ...changeErrors, 428: errorBodySchema },
      },
    },
    async (req) => {
      const version = expectedVersion(req.headers['if-match'], req.body.version);
      const row = await updateIncident(deps, req.actor, req.params.idOrNumber, req.body, version);
      return presentIncidentRow(db, req.actor, row, deps.clock.now());
    },
  );

  app.post(
    '/incidents/:idOrNumber/transitions',
    {
      schema: {
        tags,
        summary: 'Move an incident to another state of its workflow',
        params: incidentParamsSchema,
        headers: versionHeaders,
        body: incidentTransitionSchema,
        response: { 200: incidentSchema, ...changeErrors },
      },
    },
    async (req) => {
      const version = expectedVersion(req.headers['if-match'], req.body.version);
      const row = await transitionIncident(deps, req.actor, req.params.idOrNumber, { ...req.body, version });
      return presentIncidentRow(db, req.actor, row, deps.clock.now());
    },
  );

  app.post(
    '/incidents/:idOrNumber/acknowledge',
    {
      schema: {
        tags,
        summary: 'Acknowledge an incident: you have it in hand. Stops pending escalation steps; repeating it changes nothing',
        params: incidentParamsSchema,
        response: { 200: incidentSchema, ...changeErrors },
      },
    },
    async (req) => presentIncidentRow(db, req.actor, (await acknowledgeIncident(deps, req.actor, req.params.idOrNumber, 'api')).row, deps.clock.now()),
  );

  app.post(
    '/incidents/:idOrNumber/merge',
    { schema: { tags, summary: 'Merge this duplicate into its original incident', params: incidentParamsSchema, body: incidentMergeSchema, response: { 200: incidentSchema, ...changeErrors } } },
    async (req) => presentIncidentRow(db, req.actor, await mergeIncident(deps, req.actor, req.params.idOrNumber, req.body), deps.clock.now()),
  );

  app.post(
    '/incidents/:idOrNumber/comments',
    { schema: { tags, summary: 'Comment on an incident', params: incidentParamsSchema, body: commentCreateSchema, response: { 201: commentSchema, ...errors } } },
    async (req, reply) => reply.code(201).send(await presentNewComment(db, await addComment(deps, req.actor, req.params.idOrNumber, req.body))),
  );

  app.get(
    '/incidents/:idOrNumber/comments',
    { schema: { tags, summary: 'Comments of an incident, oldest first', params: incidentParamsSchema, querystring: commentListQuerySchema, response: { 200: commentListSchema, ...errors } } },
    async (req) => listComments(db, req.actor, req.params.idOrNumber, req.query),
  );

  app.get(
    '/incidents/:idOrNumber/watchers',
    { schema: { tags, summary: 'Who watches an incident', params: incidentParamsSchema, response: { 200: watcherListSchema, ...errors } } },
    async (req) => listWatchers(db, req.actor, req.params.idOrNumber),
  );

  app.put(
    '/incidents/:idOrNumber/watchers/:userId',
    { schema: { tags, summary: 'Add a watcher', params: watcherParamsSchema, response: { 200: watcherListSchema, ...errors } } },
    async (req) => watchersOf(db, await addWatcher(deps, req.actor, req.params.idOrNumber, req.params.userId)),
  );

  app.delete(
    '/incidents/:idOrNumber/watchers/:userId',
    { schema: { tags, summary: 'Remove a watcher', params: watcherParamsSchema, response: { 200: watcherListSchema, ...errors } } },
    async (req) => watchersOf(db, await removeWatcher(deps, req.actor, req.params.idOrNumber, req.params.userId)),
  );

  app.get(
    '/incidents/:idOrNumber/timeline',
    { schema: { tags, summary: 'The timeline of an incident, in order', params: incidentParamsSchema, querystring: timelineQuerySchema, response: { 200: timelineListSchema, ...errors } } },
    async (req) => getIncidentTimeline(db, req.actor, req.params.idOrNumber, req.query),
  );
};
