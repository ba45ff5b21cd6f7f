import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/harness.js';

describe('the per-address sign-in cap', () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  beforeAll(async () => {
    ctx = await createTestApp({ loginRateLimitPerMinute: 3 });
  });
  afterAll(() => ctx.close());

  it('answers 429 rate_limited past the configured attempts per minute from one address', async () => {
    const attempt = () => ctx.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'nobody@example.com', password: 'wrong password' }, remoteAddress: '203.0.113.7' });
    for (let i = 0; i < 3; i++) expect((await attempt()).statusCode).toBe(401);
    const over = await attempt();
    expect(over.statusCode).toBe(429);
    expect(over.json().error.code).toBe('rate_limited');
  });
});
