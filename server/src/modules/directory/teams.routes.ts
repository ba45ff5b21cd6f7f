import { directoryIdParamsSchema, teamCreateSchema, teamDetailSchema, teamListSchema, teamMemberParamsSchema, teamMemberPutSchema, teamMemberSchema, teamPatchSchema } from '@vigil/shared';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ApiPlugin } from '../../platform/http/app.js';
import { createTeam, deleteTeam, putTeamMember, removeTeamMember, updateTeam } from './teams.commands.js';
import { getTeam, listTeams } from './teams.queries.js';

export const teamRoutes: ApiPlugin = async (fastify, { deps }) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.get('/teams', { schema: { tags: ['teams'], summary: 'All teams with their member counts', response: { 200: teamListSchema } } }, async (req) => listTeams(deps.db, req.actor));
  app.get('/teams/:id', { schema: { tags: ['teams'], summary: 'One team with its members', params: directoryIdParamsSchema, response: { 200: teamDetailSchema } } }, async (req) =>
    getTeam(deps.db, req.actor, req.params.id),
  );
  app.post('/teams', { schema: { tags: ['teams'], summary: 'Create a team (admins)', body: teamCreateSchema, response: { 201: teamDetailSchema } } }, async (req, reply) =>
    reply.status(201).send(await createTeam(deps, req.actor, req.body)),
  );
  app.patch(
    '/teams/:id',
    { schema: { tags: ['teams'], summary: 'Change a team (admins)', params: directoryIdParamsSchema, body: teamPatchSchema, response: { 200: teamDetailSchema } } },
    async (req) => updateTeam(deps, req.actor, req.params.id, req.body),
  );
  app.delete(
    '/teams/:id',
    { schema: { tags: ['teams'], summary: 'Delete a team (admins)', params: directoryIdParamsSchema, response: { 204: z.undefined() } } },
    async (req, reply) => {
      await deleteTeam(deps, req.actor, req.params.id);
      return reply.status(204).send();
    },
  );
  app.put(
    '/teams/:id/members/:userId',
    { schema: { tags: ['teams'], summary: 'Add a member or change their team role (admins)', params: teamMemberParamsSchema, body: teamMemberPutSchema, response: { 200: teamMemberSchema } } },
    async (req) => putTeamMember(deps, req.actor, req.params.id, req.params.userId, req.body.role),
  );
  app.delete(
    '/teams/:id/members/:userId',
    { schema: { tags: ['teams'], summary: 'Remove a member (admins)', params: teamMemberParamsSchema, response: { 204: z.undefined() } } },
    async (req, reply) => {
      await removeTeamMember(deps, req.actor, req.params.id, req.params.userId);
      return reply.status(204).send();
    },
  );
};
