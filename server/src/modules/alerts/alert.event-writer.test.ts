import type { KyselyPlugin } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDeps, type TestContext } from '../../../test/harness.js';
import { systemActor } from '../../platform/context.js';
import { installTypePacks } from '../types/index.js';
import { createEventWriter } from './alert.event-writer.js';
import { integrationInput } from './alert.test-support.js';
import { createIntegration } from './integration.commands.js';

describe('group commit of inbound events', () => {
  let ctx: TestContext;
  let integrationId: string;
  beforeAll(async () => {
    ctx = await createTestDeps();
    await installTypePacks(ctx.deps);
    integrationId = (await createIntegration(ctx.deps, systemActor, integrationInput({ kind: 'pagerduty' }))).id;
  });
  afterAll(() => ctx.close());

  const event = (i: number) => ({ integrationId, kind: 'alert' as const, streamKey: `w-${i}`, payload: JSON.stringify({ n: i }), sourceIp: null, userAgent: null, receivedAt: new Date() });

  it('writes a lone event at once, and events arriving while statements are in flight together, each id its own event', async () => {
    let statements = 0;
    const counter: KyselyPlugin = { transformQuery: (a) => (statements++, a.node), transformResult: async (a) => a.result };
    const writer = createEventWriter(ctx.deps.db.withPlugin(counter), { maxBatch: 25, maxInFlight: 2, job: { name: 'alerts.process', maxAttempts: 3 } });
    expect(await writer.write(event(-1))).toEqual(expect.any(Number));
    expect(statements).toBe(1);
    const ids = await Promise.all(Array.from({ length: 100 }, (_, i) => writer.write(event(i))));
    expect(statements).toBeLessThanOrEqual(1 + 2 + Math.ceil(98 / 25));
    const rows = await ctx.deps.db.selectFrom('alert_events').select(['id', 'stream_key', 'payload']).where('id', 'in', ids).execute();
    const byId = new Map(rows.map((r) => [r.id, r]));
    ids.forEach((id, i) => expect(byId.get(id)).toMatchObject({ stream_key: `w-${i}`, payload: { n: i } }));
    const jobs = await ctx.deps.db.selectFrom('jobs').select(['payload', 'max_attempts', 'status']).where('name', '=', 'alerts.process').execute();
    expect(jobs).toHaveLength(101);
    expect(jobs.every((j) => j.max_attempts === 3 && j.status === 'queued')).toBe(true);
  });

  it('fails every write of a statement that fails, and stores none of them', async () => {
    const writer = createEventWriter(ctx.deps.db, { maxBatch: 10, maxInFlight: 1, job: { name: 'alerts.process', maxAttempts: 3 } });
    const before = await ctx.deps.db.selectFrom('alert_events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const results = await Promise.allSettled([writer.write(event(1000)), writer.write({ ...event(1001), integrationId: '00000000-0000-4000-8000-000000000000' }), writer.write(event(1002))]);
    expect(results[0]!.status).toBe('fulfilled');
    expect(results.slice(1).map((r) => r.status)).toEqual(['rejected', 'rejected']);
    const after = await ctx.deps.db.selectFrom('alert_events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n) + 1);
  });
});
