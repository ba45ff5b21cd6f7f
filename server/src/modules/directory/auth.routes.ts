import { loginResponseSchema, loginSchema } from '@vigil/shared';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Config } from '../../config.js';
import { AppError } from '../../platform/errors.js';
import { SESSION_COOKIE, type ApiPlugin } from '../../platform/http/app.js';
import { login, logout } from './auth.commands.js';

/** httpOnly (no script reads it), SameSite=Lax (no cross-site writes carry it), Secure behind https. */
function cookieOptions(config: Config) {
  return { httpOnly: true, sameSite: 'lax' as const, path: '/', secure: config.secureCookies };
}

export const authRoutes: ApiPlugin = async (fastify, { deps }) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.post(
    '/auth/login',
    {
      // The database throttle is the real guard; this in-memory cap only keeps argon2 from being used to burn CPU.
      config: { public: true, rateLimit: { max: deps.config.loginRateLimitPerMinute, timeWindow: '1 minute' } },
      schema: { tags: ['auth'], summary: 'Sign in with email and password; sets the session cookie', security: [], body: loginSchema, response: { 200: loginResponseSchema } },
    },
    async (req, reply) => {
      try {
        const result = await login(deps, req.actor, req.body, { userAgent: req.headers['user-agent'] ?? null, previousSessionHash: req.actor.sessionId ?? null });
        reply.setCookie(SESSION_COOKIE, result.sessionId, { ...cookieOptions(deps.config), expires: result.expiresAt });
        return { user: result.user, csrfToken: result.csrfToken };
      } catch (err) {
        if (err instanceof AppError && err.code === 'login_throttled') {
          reply.header('retry-after', String((err.details as { retryAfterSeconds: number }).retryAfterSeconds));
        }
        throw err;
      }
    },
  );
  app.post(
    '/auth/logout',
    { config: { public: true }, schema: { tags: ['auth'], summary: 'Sign out: ends the session and clears the cookie', response: { 204: z.undefined() } } },
    async (req, reply) => {
      await logout(deps, req.actor);
      reply.clearCookie(SESSION_COOKIE, cookieOptions(deps.config));
      return reply.status(204).send();
    },
  );
};
