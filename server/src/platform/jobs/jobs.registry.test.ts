import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createTestDeps, type TestContext } from '../../../test/harness.js';
import { defineJob } from './jobs.js';
import { createJobRegistry, UnhandledJobsError } from './jobs.registry.js';
import { startWorker } from './jobs.worker.js';

const noop = (name: string) => defineJob({ name, schema: z.object({}), handler: async () => {} });

describe('job registry', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestDeps();
  });
  afterAll(() => ctx.close());

  it('looks definitions up by name and refuses two definitions with one name', () => {
    const a = noop('test.a');
    const registry = createJobRegistry([a, noop('test.b')]);
    expect(registry.get('test.a')).toBe(a);
    expect(registry.get('test.c')).toBeUndefined();
    expect(registry.names()).toEqual(['test.a', 'test.b']);
    expect(() => createJobRegistry([a, noop('test.b'), noop('test.a')])).toThrow('Job "test.a" is defined twice');
  });

  it('refuses to start a worker while queued or running jobs have a name with no handler, and starts once they have one', async () => {
    const { db, clock } = ctx.deps;
    const row = (name: string, status: 'queued' | 'running' | 'done' | 'dead') => ({
      name,
      payload: '{}',
      status,
      run_at: clock.now(),
      idempotency_key: null,
      locked_by: null,
      locked_until: status === 'running' ? new Date(clock.now().getTime() + 60_000) : null,
      last_error: null,
      finished_at: null,
    });
    await db
      .insertInto('jobs')
      .values([row('ghost.notify', 'queued'), row('ghost.notify', 'queued'), row('ghost.page', 'running'), row('gone.done', 'done'), row('gone.dead', 'dead'), row('test.a', 'queued')])
      .execute();

    const attempt = startWorker({ deps: ctx.deps, registry: createJobRegistry([noop('test.a')]) });
    await expect(attempt).rejects.toBeInstanceOf(UnhandledJobsError);
    await expect(attempt).rejects.toThrow(/ghost\.notify \(2\), ghost\.page \(1\)\. Register their job definitions/);

    const worker = await startWorker({ deps: ctx.deps, registry: createJobRegistry([noop('test.a'), noop('ghost.notify'), noop('ghost.page')]), pollIntervalMs: 20 });
    await worker.stop();
  });
});
