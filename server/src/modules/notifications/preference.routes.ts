import {
  errorBodySchema,
  notificationPreferencesInputSchema,
  notificationPreferencesSchema,
  teamNotificationRuleInputSchema,
  teamNotificationRuleListSchema,
  teamNotificationRulePatchSchema,
  teamNotificationRuleSchema,
  teamRuleItemParamsSchema,
  teamRuleParamsSchema,
} from '@vigil/shared';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ApiPlugin } from '../../platform/http/app.js';
import { createTeamNotificationRule, deleteTeamNotificationRule, updateMyNotificationPreferences, updateTeamNotificationRule } from './preference.commands.js';
import { getMyNotificationPreferences, listTeamNotificationRules } from './preference.queries.js';

const tags = ['notifications'];
const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema };

export const preferenceRoutes: ApiPlugin = async (fastify, { deps }) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/me/notification-preferences',
    { schema: { tags, summary: 'Your notification preferences (the defaults until you save some)', response: { 200: notificationPreferencesSchema, ...errors } } },
    async (req) => getMyNotificationPreferences(deps.db, req.actor),
  );

  app.put(
    '/me/notification-preferences',
    { schema: { tags, summary: 'Save your notification preferences: email per urgency, a digest for low urgency, quiet hours', body: notificationPreferencesInputSchema, response: { 200: notificationPreferencesSchema, ...errors } } },
    async (req) => updateMyNotificationPreferences(deps, req.actor, req.body),
  );

  app.get(
    '/teams/:id/notification-rules',
    { schema: { tags, summary: "A team's notification rules (which events go to which of its chat channels)", params: teamRuleParamsSchema, response: { 200: teamNotificationRuleListSchema, ...errors } } },
    async (req) => listTeamNotificationRules(deps.db, req.actor, req.params.id),
  );

  app.post(
    '/teams/:id/notification-rules',
    { schema: { tags, summary: 'Add a notification rule to a team (admins, the team managers)', params: teamRuleParamsSchema, body: teamNotificationRuleInputSchema, response: { 201: teamNotificationRuleSchema, ...errors } } },
    async (req, reply) => reply.code(201).send(await createTeamNotificationRule(deps, req.actor, req.params.id, req.body)),
  );

  app.patch(
    '/teams/:id/notification-rules/:ruleId',
    { schema: { tags, summary: 'Change a notification rule of a team', params: teamRuleItemParamsSchema, body: teamNotificationRulePatchSchema, response: { 200: teamNotificationRuleSchema, ...errors } } },
    async (req) => updateTeamNotificationRule(deps, req.actor, req.params.id, req.params.ruleId, req.body),
  );

  app.delete(
    '/teams/:id/notification-rules/:ruleId',
    { schema: { tags, summary: 'Delete a notification rule of a team', params: teamRuleItemParamsSchema, response: { 204: z.undefined(), ...errors } } },
    async (req, reply) => {
      await deleteTeamNotificationRule(deps, req.actor, req.params.id, req.params.ruleId);
      return reply.code(204).send();
    },
  );
};
