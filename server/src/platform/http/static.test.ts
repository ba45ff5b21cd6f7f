import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../../../test/harness.js';
import type { Deps } from '../context.js';
import { systemClock } from '../clock.js';
import { createLogger } from '../log.js';
import { buildApp, type ApiPlugin } from './app.js';
import { webAppCsp, webAppRoutes } from './static.js';

const indexHtml = '<!doctype html><html><head><script type="module" src="/assets/index-abc123.js"></script></head><body><div id="root"></div></body></html>';
const probe: ApiPlugin = async (app) => {
  app.get('/probe', { config: { public: true } }, async () => ({ ok: true }));
};

async function appServing(distDir: string): Promise<FastifyInstance> {
  const deps = { db: null, dbKind: 'pglite', clock: systemClock, config: testConfig(), log: createLogger('silent') } as unknown as Deps;
  const app = await buildApp({ deps, api: [probe], root: [webAppRoutes(distDir)], authenticate: async () => null });
  await app.ready();
  return app;
}

describe('web app serving', () => {
  const dist = mkdtempSync(path.join(os.tmpdir(), 'vigil-dist-'));
  let app: FastifyInstance;
  beforeAll(async () => {
    mkdirSync(path.join(dist, 'assets'));
    mkdirSync(path.join(dist, '.vite'));
    writeFileSync(path.join(dist, 'index.html'), indexHtml);
    writeFileSync(path.join(dist, 'assets', 'index-abc123.js'), 'console.log("app")');
    writeFileSync(path.join(dist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    writeFileSync(path.join(dist, '.vite', 'manifest.json'), '{}');
    app = await appServing(dist);
  });
  afterAll(async () => {
    await app.close();
    rmSync(dist, { recursive: true, force: true });
  });

  it('serves index.html at / and at client-side routes, uncached, with a CSP that allows no inline script', async () => {
    for (const url of ['/', '/queue', '/incidents/INC-2026-000001?tab=timeline']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.body).toBe(indexHtml);
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.headers['content-security-policy']).toBe(webAppCsp);
    }
    const csp = webAppCsp.split('; ');
    expect(csp).toContain("script-src 'self'");
    expect(webAppCsp).not.toContain('unsafe-inline');
    expect(webAppCsp).not.toContain('unsafe-eval');
    expect(csp).toContain("frame-ancestors 'none'");
  });

  it('caches hashed assets for a year and revalidates unhashed files', async () => {
    const asset = await app.inject({ method: 'GET', url: '/assets/index-abc123.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['content-type']).toMatch(/javascript/);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const icon = await app.inject({ method: 'GET', url: '/favicon.svg' });
    expect(icon.statusCode).toBe(200);
    expect(icon.headers['cache-control']).toBe('no-cache');
    expect(icon.headers['x-content-type-options']).toBe('nosniff');
  });

  it('answers a missing file, a dot file and anything under /api with the JSON 404, never with the page', async () => {
    for (const url of ['/assets/missing-123.js', '/missing.png', '/.vite/manifest.json', '/api/v1/unknown', '/api', '/api/v2/x']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(404);
      expect(res.json(), url).toEqual({ error: { code: 'not_found', message: `No route for GET ${url}` } });
      expect(res.headers['cache-control'], url).toBe('no-store');
    }
  });

  it('keeps API responses as they were: JSON, no-store, the API CSP', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/probe' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ok: true });
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['content-security-policy']).not.toBe(webAppCsp);
    const post = await app.inject({ method: 'POST', url: '/queue' });
    expect(post.statusCode).toBe(404);
    expect(post.json().error.code).toBe('not_found');
  });

  it('serves the API only when the web app is not built', async () => {
    const empty = mkdtempSync(path.join(os.tmpdir(), 'vigil-nodist-'));
    const bare = await appServing(empty);
    try {
      const res = await bare.inject({ method: 'GET', url: '/' });
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('not_found');
      expect((await bare.inject({ method: 'GET', url: '/api/v1/probe' })).statusCode).toBe(200);
    } finally {
      await bare.close();
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
