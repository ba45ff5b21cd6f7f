import { randomBytes } from 'node:crypto';
import type { Role, TeamRole, User } from '@vigil/shared';
import type { FastifyInstance } from 'fastify';
import { SESSION_COOKIE } from '../../src/platform/http/app.js';
import { systemActor, type Deps } from '../../src/platform/context.js';
import { createApiToken } from '../../src/modules/directory/tokens.commands.js';
import { putTeamMember, createTeam as createTeamCommand } from '../../src/modules/directory/teams.commands.js';
import { createUser as createUserCommand } from '../../src/modules/directory/users.commands.js';

export const defaultPassword = 'correct horse battery staple';

export type TestUser = User & { password: string };

/** A user created through the real command (argon2 hash, audit record); default role agent. */
export async function createUser(
  deps: Deps,
  opts: { role?: Role; email?: string; name?: string; password?: string; teamIds?: string[]; teamRole?: TeamRole } = {},
): Promise<TestUser> {
  const suffix = randomBytes(4).toString('hex');
  const password = opts.password ?? defaultPassword;
  const user = await createUserCommand(deps, systemActor, {
    email: opts.email ?? `user-${suffix}@example.test`,
    name: opts.name ?? `User ${suffix}`,
    role: opts.role ?? 'agent',
    password,
    locale: 'en',
    timeZone: 'UTC',
  });
  for (const teamId of opts.teamIds ?? []) await putTeamMember(deps, systemActor, teamId, user.id, opts.teamRole ?? 'member');
  return { ...user, password };
}

/** A team created through the real command, optionally with members. */
export async function createTeam(deps: Deps, opts: { slug?: string; name?: string; description?: string; memberIds?: string[] } = {}) {
  const suffix = randomBytes(4).toString('hex');
  const team = await createTeamCommand(deps, systemActor, {
    slug: opts.slug ?? `team-${suffix}`,
    name: opts.name ?? `Team ${suffix}`,
    description: opts.description ?? '',
  });
  for (const userId of opts.memberIds ?? []) await putTeamMember(deps, systemActor, team.id, userId, 'member');
  return team;
}

/** Signs in through POST /api/v1/auth/login; returns the headers a cookie-authenticated write needs. */
export async function loginAs(app: FastifyInstance, email: string, password: string = defaultPassword): Promise<{ cookie: string; 'x-csrf-token': string }> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
  if (res.statusCode !== 200) throw new Error(`login as ${email} failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === SESSION_COOKIE);
  if (!cookie) throw new Error('login set no session cookie');
  return { cookie: `${SESSION_COOKIE}=${cookie.value}`, 'x-csrf-token': (res.json() as { csrfToken: string }).csrfToken };
}

/** A personal API token for the user; returns the Authorization header. */
export async function bearerFor(deps: Deps, userId: string, scope: 'read' | 'write' = 'write'): Promise<{ authorization: string }> {
  const token = await createApiToken(deps, systemActor, userId, { name: `test ${scope} token`, scope });
  return { authorization: `Bearer ${token.token}` };
}
