import {
  awarenessSchema,
  calendarCreateSchema,
  calendarListSchema,
  calendarPatchSchema,
  calendarSchema,
  clockListSchema,
  clockParamsSchema,
  clockSchema,
  clockSubmissionSchema,
  clockWaiveSchema,
  deadlineListSchema,
  deadlinesQuerySchema,
  errorBodySchema,
  holidayImportSchema,
  incidentParamsSchema,
  incidentSchema,
  slaPolicyCreateSchema,
  slaPolicyListQuerySchema,
  slaPolicyListSchema,
  slaPolicyPatchSchema,
  slaPolicySchema,
} from '@vigil/shared';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ApiPlugin } from '../../platform/http/app.js';
import { presentIncidentRow } from '../incidents/index.js';
import { createCalendar, deleteCalendar, importHolidays, updateCalendar } from './calendar.commands.js';
import { getCalendar, listCalendars } from './calendar.queries.js';
import { setAwareness, submitIncidentClock, waiveIncidentClock } from './clock.commands.js';
import { listDeadlines, listIncidentClocks } from './clock.queries.js';
import { createSlaPolicy, deleteSlaPolicy, updateSlaPolicy } from './sla-policy.commands.js';
import { getSlaPolicy, listSlaPolicies } from './sla-policy.queries.js';

const idParams = z.object({ id: z.uuid() });
const errors = { 400: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema };
const changeErrors = { ...errors, 409: errorBodySchema, 422: errorBodySchema };

/** Calendars, SLA policies, the clocks of an incident, legal submissions, awareness, upcoming deadlines. */
export const clockRoutes: ApiPlugin = async (fastify, { deps }) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { db } = deps;

  const calendars = { tags: ['calendars'] };
  app.get('/calendars', { schema: { ...calendars, summary: 'Business calendars, shared and per team', response: { 200: calendarListSchema, 403: errorBodySchema } } }, async (req) => listCalendars(db, req.actor));
  app.get('/calendars/:id', { schema: { ...calendars, summary: 'One calendar', params: idParams, response: { 200: calendarSchema, ...errors } } }, async (req) => getCalendar(db, req.actor, req.params.id));
  app.post(
    '/calendars',
    { schema: { ...calendars, summary: 'Create a calendar (admins; managers for their teams)', body: calendarCreateSchema, response: { 201: calendarSchema, ...changeErrors } } },
    async (req, reply) => reply.code(201).send(await createCalendar(deps, req.actor, req.body)),
  );
  app.patch(
    '/calendars/:id',
    { schema: { ...calendars, summary: 'Change a calendar; running clocks keep their copy', params: idParams, body: calendarPatchSchema, response: { 200: calendarSchema, ...changeErrors } } },
    async (req) => updateCalendar(deps, req.actor, req.params.id, req.body),
  );
  app.delete(
    '/calendars/:id',
    { schema: { ...calendars, summary: 'Delete a calendar no SLA policy uses', params: idParams, response: { 204: z.undefined(), ...changeErrors } } },
    async (req, reply) => {
      await deleteCalendar(deps, req.actor, req.params.id);
      return reply.code(204).send();
    },
  );
  app.post(
    '/calendars/:id/holidays/import',
    { schema: { ...calendars, summary: "Add a country's (and region's) public holidays", params: idParams, body: holidayImportSchema, response: { 200: calendarSchema, ...changeErrors } } },
    async (req) => importHolidays(deps, req.actor, req.params.id, req.body),
  );

  const policies = { tags: ['sla-policies'] };
  app.get('/sla-policies', { schema: { ...policies, summary: 'SLA policies by type and priority', querystring: slaPolicyListQuerySchema, response: { 200: slaPolicyListSchema, ...errors } } }, async (req) =>
    listSlaPolicies(db, req.actor, req.query),
  );
  app.get('/sla-policies/:id', { schema: { ...policies, summary: 'One SLA policy', params: idParams, response: { 200: slaPolicySchema, ...errors } } }, async (req) => getSlaPolicy(db, req.actor, req.params.id));
  app.post(
    '/sla-policies',
    { schema: { ...policies, summary: 'Create the SLA policy of a type and priority (admins, managers)', body: slaPolicyCreateSchema, response: { 201: slaPolicySchema, ...changeErrors } } },
    async (req, reply) => reply.code(201).send(await createSlaPolicy(deps, req.actor, req.body)),
  );
  app.patch(
    '/sla-policies/:id',
    { schema: { ...policies, summary: 'Change an SLA policy', params: idParams, body: slaPolicyPatchSchema, response: { 200: slaPolicySchema, ...changeErrors } } },
    async (req) => updateSlaPolicy(deps, req.actor, req.params.id, req.body),
  );
  app.delete(
    '/sla-policies/:id',
    { schema: { ...policies, summary: 'Delete an SLA policy', params: idParams, response: { 204: z.undefined(), ...changeErrors } } },
    async (req, reply) => {
      await deleteSlaPolicy(deps, req.actor, req.params.id);
      return reply.code(204).send();
    },
  );

  const clocks = { tags: ['clocks'] };
  app.get(
    '/incidents/:idOrNumber/clocks',
    { schema: { ...clocks, summary: "An incident's clocks: state, due time, business time left, submissions", params: incidentParamsSchema, response: { 200: clockListSchema, ...errors } } },
    async (req) => listIncidentClocks(db, req.actor, req.params.idOrNumber, deps.clock.now()),
  );
  app.post(
    '/incidents/:idOrNumber/clocks/:clockId/waive',
    { schema: { ...clocks, summary: 'Waive a clock with a reason (managers, admins)', params: clockParamsSchema, body: clockWaiveSchema, response: { 200: clockSchema, ...changeErrors } } },
    async (req) => waiveIncidentClock(deps, req.actor, req.params.idOrNumber, req.params.clockId, req.body),
  );
  app.post(
    '/incidents/:idOrNumber/clocks/:clockId/submission',
    { schema: { ...clocks, summary: 'Record a legal submission, or the decision that none is required', params: clockParamsSchema, body: clockSubmissionSchema, response: { 200: clockSchema, ...changeErrors } } },
    async (req) => submitIncidentClock(deps, req.actor, req.params.idOrNumber, req.params.clockId, req.body),
  );
  app.post(
    '/incidents/:idOrNumber/awareness',
    {
      schema: {
        ...clocks,
        summary: 'Set the legal awareness time with a justification (restarts the GDPR and NIS2 clocks)',
        params: incidentParamsSchema,
        body: awarenessSchema,
        response: { 200: incidentSchema, ...changeErrors, 428: errorBodySchema },
      },
    },
    async (req) => presentIncidentRow(db, req.actor, await setAwareness(deps, req.actor, req.params.idOrNumber, req.body)),
  );
  app.get(
    '/deadlines',
    { schema: { ...clocks, summary: 'Upcoming deadlines: clocks still owed on incidents you can see, by due time', querystring: deadlinesQuerySchema, response: { 200: deadlineListSchema, ...errors } } },
    async (req) => listDeadlines(db, req.actor, req.query, deps.clock.now()),
  );
};
