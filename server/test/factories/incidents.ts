import { randomBytes } from 'node:crypto';
import { incidentCreateSchema, type Incident, type IncidentCreateInput } from '@vigil/shared';
import type { FastifyInstance } from 'fastify';
import type { Role } from '@vigil/shared';
import type { Deps, Actor } from '../../src/platform/context.js';
import type { IncidentRow } from '../../src/db/schema.js';
import { createIncident } from '../../src/modules/incidents/index.js';
import { installTypePacks } from '../../src/modules/types/index.js';
import { bearerFor, createUser, type TestUser } from './directory.js';

/** A valid create body for the it-outage type; override any field. */
export function buildIncidentInput(overrides: Partial<Record<keyof IncidentCreateInput, unknown>> = {}): Record<string, unknown> {
  return {
    type: 'it-outage',
    title: `Mail server down ${randomBytes(3).toString('hex')}`,
    description: 'Users cannot send or receive mail.',
    severity: 'high',
    impact: 'high',
    urgency: 'medium',
    ...overrides,
  };
}

/** The actor of a user as the authenticator would build it: role and current team memberships from the database. */
export async function actorFor(deps: Deps, userId: string): Promise<Actor> {
  const user = await deps.db.selectFrom('users').select(['id', 'role']).where('id', '=', userId).executeTakeFirstOrThrow();
  const teams = await deps.db.selectFrom('team_members').select('team_id').where('user_id', '=', userId).execute();
  return { kind: 'user', userId: user.id, role: user.role, teamIds: teams.map((t) => t.team_id), scope: 'write', ip: '127.0.0.1', requestId: null };
}

/** An incident created through the real command as this user (timeline event and audit record included). */
export async function createIncidentAs(deps: Deps, userId: string, overrides: Partial<Record<keyof IncidentCreateInput, unknown>> = {}): Promise<IncidentRow> {
  const input = incidentCreateSchema.parse(buildIncidentInput(overrides));
  const { row } = await createIncident(deps, await actorFor(deps, userId), input);
  return row;
}

/** POST /api/v1/incidents with these headers; fails the test unless it is created. */
export async function postIncident(app: FastifyInstance, headers: Record<string, string>, overrides: Partial<Record<keyof IncidentCreateInput, unknown>> = {}): Promise<Incident> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/incidents', headers, payload: buildIncidentInput(overrides) });
  if (res.statusCode !== 201) throw new Error(`create incident failed: ${res.statusCode} ${res.body}`);
  return res.json() as Incident;
}

export type Person = TestUser & { headers: Record<string, string> };

/** A user of this role with a write token; `teamSlugs` names teams (e.g. the packs' default teams) to join. */
export async function createPerson(deps: Deps, role: Role, opts: { name?: string; teamSlugs?: string[] } = {}): Promise<Person> {
  const teamIds = await Promise.all((opts.teamSlugs ?? []).map((slug) => teamIdBySlug(deps, slug)));
  const user = await createUser(deps, { role, teamIds, ...(opts.name ? { name: opts.name } : {}) });
  return { ...user, headers: await bearerFor(deps, user.id, 'write') };
}

/** The id of a team by slug (the type packs create theirs: it-operations, security, data-protection, ...). */
export async function teamIdBySlug(deps: Deps, slug: string): Promise<string> {
  const row = await deps.db.selectFrom('teams').select('id').where('slug', '=', slug).executeTakeFirstOrThrow();
  return row.id;
}

export type Staff = Record<Role, Person>;

/** The shipped type packs, and one person of every role (none in a team). */
export async function setupIncidentWorld(deps: Deps): Promise<Staff> {
  await installTypePacks(deps);
  const [admin, manager, agent, reporter, auditor] = await Promise.all(
    (['admin', 'manager', 'agent', 'reporter', 'auditor'] as const).map((role) => createPerson(deps, role, { name: `The ${role}` })),
  );
  return { admin: admin!, manager: manager!, agent: agent!, reporter: reporter!, auditor: auditor! };
}

/** Audit records of one entity, oldest first. */
export async function auditOf(deps: Deps, entityId: string) {
  return deps.db.selectFrom('audit_log').selectAll().where('entity_id', '=', entityId).orderBy('seq').execute();
}

/** Timeline events of one incident, oldest first. */
export async function timelineOf(deps: Deps, incidentId: string) {
  return deps.db.selectFrom('timeline_events').selectAll().where('incident_id', '=', incidentId).orderBy('id').execute();
}
