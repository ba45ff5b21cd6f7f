import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { ApiPlugin } from './app.js';

/**
 * The page's CSP: scripts and styles only from this origin (no inline script, no eval), API calls to
 * this origin, images also from data:/blob: (previews). Stricter than the API's helmet default, which
 * stays as it is for every other response.
 */
export const webAppCsp = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "media-src 'self' blob:",
  "worker-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'self'",
].join('; ');

/** Hashed file names never change content: cache them for a year. */
const immutable = 'public, max-age=31536000, immutable';
/** index.html and unhashed files (favicon, manifest): always revalidate, so a new build is picked up at once. */
const revalidate = 'no-cache';

/**
 * Serves the built web app from `distDir` at `/`: files as they are, index.html for every other
 * GET outside /api (client-side routes). /api/* keeps the API's JSON 404. Registers nothing when
 * the app is not built.
 */
export function webAppRoutes(distDir: string): ApiPlugin {
  return async (app, { deps }) => {
    if (!existsSync(path.join(distDir, 'index.html'))) {
      deps.log.warn({ distDir }, 'the web app is not built; serving the API only');
      return;
    }
    await app.register(fastifyStatic, { root: distDir, serve: false, cacheControl: false, dotfiles: 'deny', preCompressed: false });

    app.get('/*', { config: { public: true }, schema: { hide: true } }, async (req, reply) => {
      const rel = (req.params as { '*': string })['*'];
      if (rel === 'api' || rel.startsWith('api/') || rel.split('/').some((segment) => segment.startsWith('.'))) return reply.callNotFound();
      if (rel.startsWith('assets/')) return reply.header('cache-control', immutable).sendFile(rel);
      if (path.posix.extname(rel) !== '') return reply.header('cache-control', revalidate).sendFile(rel);
      return reply
        .header('cache-control', revalidate)
        .header('content-security-policy', webAppCsp)
        .sendFile('index.html');
    });
  };
}
