import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../../../test/harness.js';
import { bearerFor, createUser, loginAs } from '../../../test/factories/directory.js';
import type { FastifyInstance } from 'fastify';

describe('sign-in smoke', () => {
  let ctx: TestContext & { app: FastifyInstance };
  beforeAll(async () => {
    ctx = await createTestApp();
  });
  afterAll(() => ctx.close());

  it('logs in and reads /me', async () => {
    const u = await createUser(ctx.deps, { role: 'admin' });
    const headers = await loginAs(ctx.app, u.email, u.password);
    const me = await ctx.app.inject({ method: 'GET', url: '/api/v1/me', headers });
    expect(me.statusCode).toBe(200);
    expect(me.json().user.email).toBe(u.email);
    const bearer = await bearerFor(ctx.deps, u.id, 'read');
    const me2 = await ctx.app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer });
    expect(me2.statusCode).toBe(200);
    expect(me2.json().csrfToken).toBeUndefined();
  });
});
