import { z } from 'zod';
import { localeSchema, roleSchema, timeZoneSchema } from './common.js';
import { limits } from './limits.js';

/** The directory contract: users, teams, sessions and personal API tokens. */

/** Any 8..256 characters, checked exactly as typed: no composition rules (ASVS 6.2.5, 6.2.8, 6.2.9). */
export const userPasswordSchema = z.string().min(limits.passwordMin).max(limits.passwordMax);
export const userEmailSchema = z.email().max(254);

/** PostgreSQL refuses NUL characters in text: reject them here as a 400 rather than fail there with a 500. */
const noNul = (s: string) => !s.includes('\u0000');
const nulMessage = 'must not contain NUL characters';
const plainText = (min: number, max: number) => z.string().trim().min(min).max(max).refine(noNul, nulMessage);
const personNameSchema = plainText(1, limits.nameLength);

export const userSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  role: roleSchema,
  locale: localeSchema,
  timeZone: z.string(),
  active: z.boolean(),
  lastLoginAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type User = z.infer<typeof userSchema>;

/** What anyone who assigns work may see of a person. */
export const userSummarySchema = userSchema.pick({ id: true, name: true, email: true, role: true, active: true });
export type UserSummary = z.infer<typeof userSummarySchema>;

export const teamRoleSchema = z.enum(['member', 'lead']);
export type TeamRole = z.infer<typeof teamRoleSchema>;

/** A team as seen from one of its members. */
export const membershipSchema = z.object({ id: z.uuid(), slug: z.string(), name: z.string(), role: teamRoleSchema });
export type Membership = z.infer<typeof membershipSchema>;

export const userDetailSchema = userSchema.extend({ teams: z.array(membershipSchema) });
export type UserDetail = z.infer<typeof userDetailSchema>;

export const userCreateSchema = z.object({
  email: userEmailSchema,
  name: personNameSchema,
  role: roleSchema,
  password: userPasswordSchema,
  locale: localeSchema.default('en'),
  timeZone: timeZoneSchema.default('UTC'),
});
export type UserCreate = z.infer<typeof userCreateSchema>;

export const userPatchSchema = z
  .object({
    email: userEmailSchema,
    name: personNameSchema,
    role: roleSchema,
    active: z.boolean(),
    locale: localeSchema,
    timeZone: timeZoneSchema,
    /** An administrator's password reset; signs the user out everywhere. */
    password: userPasswordSchema,
  })
  .partial()
  .refine((p) => Object.keys(p).length > 0, 'name at least one field to change');
export type UserPatch = z.infer<typeof userPatchSchema>;

export const userListQuerySchema = z.object({
  /** Matches name or email, case-insensitively. */
  q: plainText(0, 200).optional(),
  role: roleSchema.optional(),
  active: z.stringbool().optional(),
  limit: z.coerce.number().int().min(1).max(limits.listPageMax).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
export type UserListQuery = z.infer<typeof userListQuerySchema>;

export const userListSchema = z.object({ items: z.array(userSummarySchema), total: z.number().int() });

export const loginSchema = z.object({
  email: plainText(1, 254),
  password: z.string().min(1).max(limits.passwordMax),
});
export type Login = z.infer<typeof loginSchema>;

/** The session cookie carries the session; the CSRF token goes back in X-CSRF-Token on every write. */
export const loginResponseSchema = z.object({ user: userSchema, csrfToken: z.string() });

export const meSchema = z.object({
  user: userSchema,
  teams: z.array(membershipSchema),
  /** Present when the caller is signed in with the session cookie. */
  csrfToken: z.string().optional(),
});
export type Me = z.infer<typeof meSchema>;

export const mePatchSchema = z
  .object({
    name: personNameSchema,
    locale: localeSchema,
    timeZone: timeZoneSchema,
    password: userPasswordSchema,
    currentPassword: z.string().min(1).max(limits.passwordMax),
  })
  .partial()
  .superRefine((p, ctx) => {
    if (p.password !== undefined && p.currentPassword === undefined) {
      ctx.addIssue({ code: 'custom', path: ['currentPassword'], message: 'a new password needs the current password' });
    }
    if (Object.keys(p).filter((k) => k !== 'currentPassword').length === 0) {
      ctx.addIssue({ code: 'custom', path: [], message: 'name at least one field to change' });
    }
  });
export type MePatch = z.infer<typeof mePatchSchema>;

export const tokenScopeSchema = z.enum(['read', 'write']);
export type TokenScope = z.infer<typeof tokenScopeSchema>;

/** `vgl_` followed by 32 random bytes in base64url. */
export const apiTokenPattern = /^vgl_[A-Za-z0-9_-]{43}$/;

export const tokenCreateSchema = z.object({
  name: plainText(1, limits.nameLength),
  scope: tokenScopeSchema,
  expiresAt: z.iso.datetime({ offset: true }).optional(),
});
export type TokenCreate = z.infer<typeof tokenCreateSchema>;

export const apiTokenSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  /** The first characters of the token, to recognise it; the token itself is never shown again. */
  prefix: z.string(),
  scope: tokenScopeSchema,
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  expiresAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export type ApiToken = z.infer<typeof apiTokenSchema>;

export const apiTokenCreatedSchema = apiTokenSchema.extend({ token: z.string().regex(apiTokenPattern) });
export type ApiTokenCreated = z.infer<typeof apiTokenCreatedSchema>;
export const apiTokenListSchema = z.object({ items: z.array(apiTokenSchema) });

export const teamSlugSchema = z
  .string()
  .max(63)
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be lower-kebab-case (a-z, 0-9 and single hyphens)');

export const teamSchema = z.object({
  id: z.uuid(),
  slug: z.string(),
  name: z.string(),
  description: z.string(),
  memberCount: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Team = z.infer<typeof teamSchema>;

export const teamMemberSchema = z.object({
  userId: z.uuid(),
  name: z.string(),
  email: z.string(),
  userRole: roleSchema,
  active: z.boolean(),
  role: teamRoleSchema,
});
export type TeamMember = z.infer<typeof teamMemberSchema>;

export const teamDetailSchema = teamSchema.extend({ members: z.array(teamMemberSchema) });
export type TeamDetail = z.infer<typeof teamDetailSchema>;
export const teamListSchema = z.object({ items: z.array(teamSchema) });

export const teamCreateSchema = z.object({
  slug: teamSlugSchema,
  name: plainText(1, limits.nameLength),
  description: z.string().max(2000).refine(noNul, nulMessage).default(''),
});
export type TeamCreate = z.infer<typeof teamCreateSchema>;

export const teamPatchSchema = teamCreateSchema
  .extend({ description: z.string().max(2000).refine(noNul, nulMessage) })
  .partial()
  .refine((p) => Object.keys(p).length > 0, 'name at least one field to change');
export type TeamPatch = z.infer<typeof teamPatchSchema>;

export const teamMemberPutSchema = z.object({ role: teamRoleSchema.default('member') });

export const directoryIdParamsSchema = z.object({ id: z.uuid() });
export const teamMemberParamsSchema = z.object({ id: z.uuid(), userId: z.uuid() });
