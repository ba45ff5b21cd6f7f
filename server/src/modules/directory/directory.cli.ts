import { roleSchema, tokenCreateSchema, userCreateSchema } from '@vigil/shared';
import type { z } from 'zod';
import type { CliCommand, CliIo } from '../../cli.js';
import type { Actor } from '../../platform/context.js';
import { notFound } from '../../platform/errors.js';
import { createApiToken } from './tokens.commands.js';
import { createUser } from './users.commands.js';
import { findUserIdByEmail } from './users.queries.js';

const cliActor: Actor = { kind: 'cli', userId: null, role: null, teamIds: [], scope: 'write', ip: null, requestId: null };

function parseOrReport<T>(schema: z.ZodType<T>, input: unknown, io: CliIo, usage: string): T | null {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) io.err(`--${issue.path.join('.') || 'input'}: ${issue.message}`);
  io.err(`Usage: ${usage}`);
  return null;
}

const userCreateUsage = `vigil user create --email E --password P --role ${roleSchema.options.join('|')} [--name N]`;

/** `vigil user create`: adds a user from the command line (the way back in when no admin can sign in). */
export const userCreateCommand: CliCommand = {
  usage: userCreateUsage,
  options: { email: { type: 'string' }, password: { type: 'string' }, role: { type: 'string' }, name: { type: 'string' } },
  run: async (deps, values, io) => {
    const email = typeof values.email === 'string' ? values.email : undefined;
    const input = parseOrReport(userCreateSchema, { email, password: values.password, role: values.role, name: values.name ?? email?.split('@')[0] }, io, userCreateUsage);
    if (!input) return 2;
    const user = await createUser(deps, cliActor, input);
    io.out(`created ${user.role} ${user.email} (${user.id})`);
    return 0;
  },
};

const tokenCreateUsage = 'vigil token create --email E --name N --scope read|write';

/** `vigil token create`: a personal API token for a user, printed alone on the last line. */
export const tokenCreateCommand: CliCommand = {
  usage: tokenCreateUsage,
  options: { email: { type: 'string' }, name: { type: 'string' }, scope: { type: 'string' } },
  run: async (deps, values, io) => {
    const input = parseOrReport(tokenCreateSchema, { name: values.name, scope: values.scope }, io, tokenCreateUsage);
    if (!input) return 2;
    if (typeof values.email !== 'string' || values.email === '') {
      io.err(`--email is required\nUsage: ${tokenCreateUsage}`);
      return 2;
    }
    const userId = await findUserIdByEmail(deps.db, values.email);
    if (!userId) throw notFound('User');
    const token = await createApiToken(deps, cliActor, userId, input);
    io.out(`created ${token.scope} token "${token.name}" (${token.id}) for ${values.email}; it is shown only now:`);
    io.out(token.token);
    return 0;
  },
};
