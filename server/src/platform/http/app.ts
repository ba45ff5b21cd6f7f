import { randomUUID } from 'node:crypto';
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyMultipart from '@fastify/multipart';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import { limits } from '@vigil/shared';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyPluginAsync } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Actor, Deps } from '../context.js';
import { AppError } from '../errors.js';
import { errorHandler, sendError } from './errors.js';

/** Resolves the caller from a session cookie or a bearer token; provided by the directory module. */
export type Authenticator = (request: {
  headers: Record<string, string | string[] | undefined>;
  cookies: Record<string, string | undefined>;
  ip: string;
  id: string;
}) => Promise<{ actor: Actor; csrfToken?: string } | null>;

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated caller; routes marked `public` may see an anonymous actor. */
    actor: Actor;
  }
  interface FastifyContextConfig {
    /** Routes that do not need a signed-in caller (login, health, public portal). */
    public?: boolean;
  }
}

export type ApiPlugin = FastifyPluginAsync<{ deps: Deps }>;

export type BuildOptions = {
  deps: Deps;
  authenticate: Authenticator;
  /** Plugins registered under /api/v1. */
  api: ApiPlugin[];
  /** Plugins registered at the root (health, ingest endpoints, web app). */
  root?: ApiPlugin[];
};

export const SESSION_COOKIE = 'vigil_session';

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Builds the HTTP server without listening, so tests drive it through inject(). */
export async function buildApp(opts: BuildOptions): Promise<FastifyInstance> {
  const { deps } = opts;
  const app = Fastify({
    loggerInstance: deps.log as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: deps.config.logLevel !== 'debug' && deps.config.logLevel !== 'trace' }),
    bodyLimit: limits.bodyBytes,
    trustProxy: deps.config.trustProxy,
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    routerOptions: { maxParamLength: 200 },
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler((req, reply) => sendError(reply, 'not_found', `No route for ${req.method} ${req.url.split('?')[0]}`));

  await app.register(fastifyCookie, { secret: deps.config.secret });
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
    hsts: deps.config.secureCookies ? { maxAge: 31_536_000 } : false,
    referrerPolicy: { policy: 'same-origin' },
  });
  await app.register(fastifyRateLimit, { global: false });
  await app.register(fastifyMultipart, {
    limits: { fileSize: limits.attachmentBytes, files: 1, fields: 10, fieldSize: 10_000, parts: 12 },
    throwFileSizeLimit: true,
  });

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Vigil API', version: '1', description: 'Incident management: incidents, types, workflows, timeline and audit trail.' },
      servers: [{ url: deps.config.baseUrl }],
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'Personal API token' },
          session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/v1/docs', staticCSP: true });

  app.decorateRequest('actor', null as unknown as Actor);
  app.addHook('onRequest', async (request, reply) => {
    reply.header('cache-control', 'no-store');
    const resolved = await opts.authenticate(request);
    request.actor = resolved?.actor ?? anonymous(request.ip, request.id);
    const isPublic = request.routeOptions.config?.public === true || !request.routeOptions.url;
    const isDocs = request.url.startsWith('/api/v1/docs');
    if (!resolved) {
      if (isPublic || isDocs) return;
      throw new AppError('unauthenticated', 'Sign in or send an API token (Authorization: Bearer ...)');
    }
    if (safeMethods.has(request.method)) return;
    if (resolved.actor.kind === 'user' && resolved.csrfToken !== undefined) {
      const sent = request.headers['x-csrf-token'];
      if (typeof sent !== 'string' || sent !== resolved.csrfToken) {
        throw new AppError('csrf_failed', 'Missing or wrong X-CSRF-Token header for a cookie-authenticated write');
      }
    }
    if (resolved.actor.scope !== 'write' && !isPublic) {
      throw new AppError('insufficient_scope', 'This API token is read-only');
    }
  });

  app.get('/api/v1/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());

  for (const plugin of opts.root ?? []) await app.register(plugin, { deps });
  for (const plugin of opts.api) await app.register(plugin, { deps, prefix: '/api/v1' });
  return app;
}

function anonymous(ip: string, requestId: string): Actor {
  return { kind: 'anonymous', userId: null, role: null, teamIds: [], scope: 'read', ip, requestId };
}
