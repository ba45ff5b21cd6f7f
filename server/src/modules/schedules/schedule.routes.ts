import {
  errorBodySchema,
  feedUrlSchema,
  onCallQuerySchema,
  scheduleCreateSchema,
  scheduleListQuerySchema,
  scheduleListSchema,
  scheduleOnCallSchema,
  scheduleOverrideCreateSchema,
  scheduleOverrideListQuerySchema,
  scheduleOverrideListSchema,
  scheduleOverrideParamsSchema,
  scheduleOverrideSchema,
  scheduleParamsSchema,
  schedulePatchSchema,
  scheduleRangeQuerySchema,
  scheduleSchema,
  shiftListSchema,
  teamOnCallSchema,
} from '@vigil/shared';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../platform/errors.js';
import type { ApiPlugin } from '../../platform/http/app.js';
import { createUserFeedToken, revokeScheduleFeedToken, revokeUserFeedToken, rotateScheduleFeedToken } from './feed.commands.js';
import { createOverride, deleteOverride } from './override.commands.js';
import { createSchedule, deleteSchedule, updateSchedule } from './schedule.commands.js';
import { getOnCall, getSchedule, getShifts, getTeamOnCall, listOverrides, listSchedules } from './schedule.queries.js';

const tags = ['schedules'];
const errors = { 400: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema };
const changeErrors = { ...errors, 409: errorBodySchema, 428: errorBodySchema };
const versionHeaders = z.looseObject({ 'if-match': z.string().max(100).optional().describe('The version the change is based on, e.g. "3"') });

/** The version a change is based on, from If-Match ("3", W/"3" or 3) or the body; both must agree. */
function expectedVersion(ifMatch: string | undefined, bodyVersion: number | undefined): number | undefined {
  let header: number | undefined;
  if (ifMatch !== undefined) {
    const m = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(ifMatch);
    if (!m) throw new AppError('validation_failed', 'If-Match must carry the schedule version, e.g. If-Match: "3"', [{ path: 'headers.if-match', message: 'must be a version number' }]);
    header = Number(m[1]);
  }
  if (header !== undefined && bodyVersion !== undefined && header !== bodyVersion) {
    throw new AppError('validation_failed', 'If-Match and the body version disagree', [{ path: 'body.version', message: 'differs from If-Match' }]);
  }
  return header ?? bodyVersion;
}

/** /api/v1/schedules (with overrides, shifts, on-call and feed tokens), /teams/{id}/on-call and the caller's calendar feed. */
export const scheduleRoutes: ApiPlugin = async (fastify, { deps }) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const db = deps.db;

  app.get('/schedules', { schema: { tags, summary: 'On-call schedules, by name (agents, managers, admins, auditors)', querystring: scheduleListQuerySchema, response: { 200: scheduleListSchema, ...errors } } }, async (req) =>
    listSchedules(deps, req.actor, req.query),
  );
  app.post(
    '/schedules',
    { schema: { tags, summary: "Create a schedule with its layers (admins, managers of the team)", body: scheduleCreateSchema, response: { 201: scheduleSchema, ...errors } } },
    async (req, reply) => {
      const schedule = await createSchedule(deps, req.actor, req.body);
      return reply.status(201).header('etag', `"${schedule.version}"`).send(schedule);
    },
  );
  app.get('/schedules/:id', { schema: { tags, summary: 'One schedule with its layers and feed URL', params: scheduleParamsSchema, response: { 200: scheduleSchema, ...errors } } }, async (req, reply) => {
    const schedule = await getSchedule(deps, req.actor, req.params.id);
    return reply.header('etag', `"${schedule.version}"`).send(schedule);
  });
  app.patch(
    '/schedules/:id',
    {
      schema: {
        tags,
        summary: 'Change a schedule; `layers` replaces all layers. Needs If-Match: "<version>" or "version" in the body',
        params: scheduleParamsSchema,
        headers: versionHeaders,
        body: schedulePatchSchema,
        response: { 200: scheduleSchema, ...changeErrors },
      },
    },
    async (req, reply) => {
      const { version, ...patch } = req.body;
      const schedule = await updateSchedule(deps, req.actor, req.params.id, expectedVersion(req.headers['if-match'], version), patch);
      return reply.header('etag', `"${schedule.version}"`).send(schedule);
    },
  );
  app.delete('/schedules/:id', { schema: { tags, summary: 'Delete a schedule with its overrides and feed', params: scheduleParamsSchema, response: { 204: z.undefined(), ...errors } } }, async (req, reply) => {
    await deleteSchedule(deps, req.actor, req.params.id);
    return reply.status(204).send();
  });

  app.get(
    '/schedules/:id/overrides',
    { schema: { tags, summary: "A schedule's overrides (optionally those overlapping [from, to))", params: scheduleParamsSchema, querystring: scheduleOverrideListQuerySchema, response: { 200: scheduleOverrideListSchema, ...errors } } },
    async (req) => listOverrides(db, req.actor, req.params.id, req.query),
  );
  app.post(
    '/schedules/:id/overrides',
    { schema: { tags, summary: 'Put someone on call for a window, over all layers; the newest override wins where they overlap', params: scheduleParamsSchema, body: scheduleOverrideCreateSchema, response: { 201: scheduleOverrideSchema, ...errors } } },
    async (req, reply) => reply.status(201).send(await createOverride(deps, req.actor, req.params.id, req.body)),
  );
  app.delete(
    '/schedules/:id/overrides/:overrideId',
    { schema: { tags, summary: 'Remove an override', params: scheduleOverrideParamsSchema, response: { 204: z.undefined(), ...errors } } },
    async (req, reply) => {
      await deleteOverride(deps, req.actor, req.params.id, req.params.overrideId);
      return reply.status(204).send();
    },
  );

  app.get(
    '/schedules/:id/shifts',
    { schema: { tags, summary: 'The final shifts (layers and overrides resolved) within [from, to), at most 93 days', params: scheduleParamsSchema, querystring: scheduleRangeQuerySchema, response: { 200: shiftListSchema, ...errors } } },
    async (req) => getShifts(db, req.actor, req.params.id, new Date(req.query.from), new Date(req.query.to)),
  );
  app.get(
    '/schedules/:id/on-call',
    { schema: { tags, summary: 'Who is on call at `at` (default now)', params: scheduleParamsSchema, querystring: onCallQuerySchema, response: { 200: scheduleOnCallSchema, ...errors } } },
    async (req) => getOnCall(db, req.actor, req.params.id, req.query.at ? new Date(req.query.at) : deps.clock.now()),
  );
  app.get(
    '/teams/:id/on-call',
    { schema: { tags, summary: "Who is on call at `at` (default now) in each of the team's schedules", params: scheduleParamsSchema, querystring: onCallQuerySchema, response: { 200: teamOnCallSchema, ...errors } } },
    async (req) => getTeamOnCall(db, req.actor, req.params.id, req.query.at ? new Date(req.query.at) : deps.clock.now()),
  );

  app.post(
    '/schedules/:id/feed-token',
    { schema: { tags, summary: "Give the schedule's iCalendar feed a new secret URL; the old URL stops working", params: scheduleParamsSchema, response: { 200: feedUrlSchema, ...errors } } },
    async (req) => rotateScheduleFeedToken(deps, req.actor, req.params.id),
  );
  app.delete(
    '/schedules/:id/feed-token',
    { schema: { tags, summary: "Switch the schedule's iCalendar feed off", params: scheduleParamsSchema, response: { 204: z.undefined(), ...errors } } },
    async (req, reply) => {
      await revokeScheduleFeedToken(deps, req.actor, req.params.id);
      return reply.status(204).send();
    },
  );
  app.post(
    '/me/calendar-feed-token',
    { schema: { tags: ['me', ...tags], summary: 'Make (or replace) your personal on-call calendar feed; the URL is shown only in this answer', response: { 201: feedUrlSchema, ...errors } } },
    async (req, reply) => reply.status(201).send(await createUserFeedToken(deps, req.actor)),
  );
  app.delete('/me/calendar-feed-token', { schema: { tags: ['me', ...tags], summary: 'End your personal on-call calendar feed', response: { 204: z.undefined(), ...errors } } }, async (req, reply) => {
    await revokeUserFeedToken(deps, req.actor);
    return reply.status(204).send();
  });
};
