import os from 'node:os';
import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { z } from 'zod';
import { createTestDeps, type TestContext } from '../../../test/harness.js';
import { openDatabase } from '../../db/client.js';
import { defineJob, enqueueJob, type JobDefinition } from './jobs.js';
import { createJobRegistry } from './jobs.registry.js';
import { LEASE_EXPIRED_ERROR } from './jobs.repo.js';
import { backoffDelay, createWorker, MAX_ERROR_LENGTH, startWorker, type JobWorker } from './jobs.worker.js';

const onPglite = inject('testDb').kind === 'pglite';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until check() holds; fails the test instead of hanging. */
async function waitFor(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

/** Settles p or fails after timeoutMs. */
async function within<T>(what: string, p: Promise<T>, timeoutMs = 10_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), timeoutMs)));
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

describe('job worker', () => {
  let ctx: TestContext;
  const workers: JobWorker[] = [];
  beforeAll(async () => {
    ctx = await createTestDeps();
  });
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await ctx.close();
  });
  // Each test starts from an empty queue, so a worker's boot check sees no other test's jobs.
  beforeEach(async () => {
    await ctx.deps.db.deleteFrom('jobs').execute();
  });

  const jobRow = (id: number | null) => ctx.deps.db.selectFrom('jobs').selectAll().where('id', '=', id ?? -1).executeTakeFirstOrThrow();
  const worker = (defs: JobDefinition[], opts: Partial<Parameters<typeof createWorker>[0]> = {}) => {
    const w = createWorker({ deps: ctx.deps, registry: createJobRegistry(defs), ...opts });
    workers.push(w);
    return w;
  };
  const counter = () => {
    const runs = new Map<number, number>();
    return { runs, record: (id: number) => runs.set(id, (runs.get(id) ?? 0) + 1) };
  };

  it('runs a job enqueued in a committed transaction once, with its parsed payload, and never one from a rolled-back transaction', async () => {
    const { db, clock } = ctx.deps;
    clock.set('2026-03-01T12:00:00Z');
    const calls: Array<{ id: number; payload: unknown; attempt: number }> = [];
    const job = defineJob({
      name: 'test.commit',
      schema: z.object({ n: z.number(), tag: z.string().optional() }),
      handler: async (payload, c) => void calls.push({ id: c.jobId, payload, attempt: c.attempt }),
    });
    const w = worker([job]);

    await expect(
      db.transaction().execute(async (tx) => {
        await enqueueJob(tx, job, { n: 1, tag: 'rolled back' }, clock.now());
        throw new Error('the command failed');
      }),
    ).rejects.toThrow('the command failed');
    expect(await w.runOnce()).toBe(0);

    const id = await db.transaction().execute((tx) => enqueueJob(tx, job, { n: 2 }, clock.now()));
    expect(await w.runOnce()).toBe(1);
    expect(await w.runOnce()).toBe(0);

    expect(calls).toEqual([{ id, payload: { n: 2 }, attempt: 1 }]);
    const row = await jobRow(id);
    expect(row).toMatchObject({ status: 'done', attempts: 1, last_error: null, locked_until: null, locked_by: w.workerId });
    expect(row.finished_at?.toISOString()).toBe('2026-03-01T12:00:00.000Z');
    const all = await db.selectFrom('jobs').select('id').where('name', '=', 'test.commit').execute();
    expect(all).toHaveLength(1);
  });

  it('runs a job enqueued twice with one idempotency key once, also when the key comes again after it ran', async () => {
    const { db, clock } = ctx.deps;
    const { runs, record } = counter();
    const job = defineJob({ name: 'test.idempotent', schema: z.object({}), handler: async (_p, c) => void record(c.jobId) });
    const w = worker([job]);

    const first = await enqueueJob(db, job, {}, clock.now(), { idempotencyKey: 'incident-42:escalate:1' });
    const second = await enqueueJob(db, job, {}, clock.now(), { idempotencyKey: 'incident-42:escalate:1' });
    expect(first).toEqual(expect.any(Number));
    expect(second).toBeNull();
    expect(await w.runOnce()).toBe(1);
    expect(await enqueueJob(db, job, {}, clock.now(), { idempotencyKey: 'incident-42:escalate:1' })).toBeNull();
    expect(await w.runOnce()).toBe(0);
    expect([...runs]).toEqual([[first, 1]]);
  });

  it('retries a failing job with growing, jittered backoff, then marks it dead with the last error message', async () => {
    const { db, clock } = ctx.deps;
    clock.set('2026-03-02T08:00:00Z');
    const attempts: number[] = [];
    const job = defineJob({
      name: 'test.flaky',
      schema: z.object({}),
      maxAttempts: 4,
      backoff: { baseMs: 1_000, capMs: 60_000 },
      handler: async (_p, c) => {
        attempts.push(c.attempt);
        throw new Error(c.attempt === 4 ? 'x'.repeat(MAX_ERROR_LENGTH * 3) : `boom ${c.attempt}`);
      },
    });
    const w = worker([job]);
    const id = await enqueueJob(db, job, {}, clock.now());

    const delays: number[] = [];
    for (let attempt = 1; attempt <= 3; attempt++) {
      expect(await w.runOnce()).toBe(1);
      const row = await jobRow(id);
      expect(row).toMatchObject({ status: 'queued', attempts: attempt, last_error: `boom ${attempt}`, locked_by: null, locked_until: null, finished_at: null });
      const delay = row.run_at.getTime() - clock.now().getTime();
      const nominal = 1_000 * 2 ** (attempt - 1);
      expect(delay).toBeGreaterThanOrEqual(nominal * 0.8);
      expect(delay).toBeLessThanOrEqual(nominal * 1.2);
      delays.push(delay);

      clock.advance(delay - 1);
      expect(await w.runOnce()).toBe(0);
      clock.advance(1);
    }
    expect(delays[1]).toBeGreaterThan(delays[0]!);
    expect(delays[2]).toBeGreaterThan(delays[1]!);

    expect(await w.runOnce()).toBe(1);
    const dead = await jobRow(id);
    expect(dead).toMatchObject({ status: 'dead', attempts: 4, locked_until: null });
    expect(dead.finished_at?.getTime()).toBe(clock.now().getTime());
    expect(dead.last_error).toHaveLength(MAX_ERROR_LENGTH);
    expect(dead.last_error).toMatch(/^x+…$/);

    clock.advance(24 * 3_600_000);
    expect(await w.runOnce()).toBe(0);
    expect(attempts).toEqual([1, 2, 3, 4]);
  });

  it('computes backoff as min(base * 2^(attempt-1), cap) within +-20%', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 80 }), fc.double({ min: 0, max: 0.999999, noNaN: true }), (attempt, r) => {
        const policy = { baseMs: 5_000, capMs: 3_600_000 };
        const nominal = Math.min(policy.baseMs * 2 ** (attempt - 1), policy.capMs);
        const delay = backoffDelay(attempt, policy, () => r);
        expect(delay).toBeGreaterThanOrEqual(Math.floor(nominal * 0.8));
        expect(delay).toBeLessThanOrEqual(Math.ceil(nominal * 1.2));
      }),
    );
    expect(backoffDelay(1, { baseMs: 1_000, capMs: 10_000 }, () => 0.5)).toBe(1_000);
    expect(backoffDelay(40, { baseMs: 1_000, capMs: 10_000 }, () => 0.5)).toBe(10_000);
  });

  it('sends a payload that fails its schema straight to dead without running the handler', async () => {
    const { db, clock } = ctx.deps;
    let ran = 0;
    const job = defineJob({ name: 'test.strict', schema: z.object({ incidentId: z.uuid() }), handler: async () => void ran++ });
    const w = worker([job]);
    const { id } = await db
      .insertInto('jobs')
      .values({ name: 'test.strict', payload: JSON.stringify({ incidentId: 42 }), run_at: clock.now(), idempotency_key: null, locked_by: null, locked_until: null, last_error: null, finished_at: null })
      .returning('id')
      .executeTakeFirstOrThrow();

    expect(await w.runOnce()).toBe(1);
    expect(ran).toBe(0);
    const row = await jobRow(id);
    expect(row).toMatchObject({ status: 'dead', attempts: 1 });
    expect(row.last_error).toMatch(/^payload does not match the schema of test\.strict: incidentId: /);
  });

  it('picks up again a job whose worker crashed (its lease expired), and leaves a live lease alone', async () => {
    const { db, clock } = ctx.deps;
    clock.set('2026-03-03T10:00:00Z');
    const { runs, record } = counter();
    const attempts: number[] = [];
    const job = defineJob({
      name: 'test.crashed',
      schema: z.object({}),
      handler: async (_p, c) => {
        record(c.jobId);
        attempts.push(c.attempt);
      },
    });
    const crashed = await enqueueJob(db, job, {}, clock.now());
    const alive = await enqueueJob(db, job, {}, clock.now());
    const past = new Date(clock.now().getTime() - 1_000);
    const future = new Date(clock.now().getTime() + 60_000);
    await db.updateTable('jobs').set({ status: 'running', locked_by: 'crashed-worker', locked_until: past, attempts: 1 }).where('id', '=', crashed!).execute();
    await db.updateTable('jobs').set({ status: 'running', locked_by: 'busy-worker', locked_until: future, attempts: 1 }).where('id', '=', alive!).execute();

    const w = worker([job]);
    expect(await w.runOnce()).toBe(1);
    expect([...runs]).toEqual([[crashed, 1]]);
    expect(attempts).toEqual([2]);
    expect(await jobRow(crashed)).toMatchObject({ status: 'done', attempts: 2, locked_by: w.workerId });
    expect(await jobRow(alive)).toMatchObject({ status: 'running', attempts: 1, locked_by: 'busy-worker' });
  });

  it('marks dead a job whose lease expired on its last attempt, so a job that kills its worker cannot loop', async () => {
    const { db, clock } = ctx.deps;
    let ran = 0;
    const job = defineJob({ name: 'test.poison', schema: z.object({}), maxAttempts: 3, handler: async () => void ran++ });
    const id = await enqueueJob(db, job, {}, clock.now());
    await db
      .updateTable('jobs')
      .set({ status: 'running', locked_by: 'crashed-worker', locked_until: new Date(clock.now().getTime() - 1), attempts: 3 })
      .where('id', '=', id!)
      .execute();

    const w = worker([job]);
    expect(await w.sweep()).toEqual({ requeued: 0, dead: 1 });
    expect(await w.runOnce()).toBe(0);
    expect(ran).toBe(0);
    expect(await jobRow(id)).toMatchObject({ status: 'dead', attempts: 3, last_error: LEASE_EXPIRED_ERROR, locked_by: null });
  });

  it('does not let a worker that lost its lease record an outcome over the worker that took the job over', async () => {
    const { db, clock } = ctx.deps;
    clock.set('2026-03-04T10:00:00Z');
    const byWorker: string[] = [];
    let abortedFirst = false;
    const job = defineJob({
      name: 'test.lease',
      schema: z.object({}),
      handler: async (_p, c) => {
        if (c.attempt > 1) {
          byWorker.push('b');
          return;
        }
        byWorker.push('a');
        await new Promise((resolve) => c.signal?.addEventListener('abort', resolve));
        abortedFirst = true;
        throw new Error('late failure after losing the lease');
      },
    });
    const a = worker([job], { workerId: 'worker-a', leaseMs: 1_000 });
    const b = worker([job], { workerId: 'worker-b' });
    const id = await enqueueJob(db, job, {}, clock.now());

    const runA = a.runOnce();
    await waitFor('worker a to claim the job', async () => (await jobRow(id)).locked_by === 'worker-a');
    clock.advance(5_000);
    expect(await b.runOnce()).toBe(1);
    expect(await within('worker a to give up', runA)).toBe(1);

    expect(abortedFirst).toBe(true);
    expect(byWorker).toEqual(['a', 'b']);
    expect(await jobRow(id)).toMatchObject({ status: 'done', attempts: 2, locked_by: 'worker-b', last_error: null });
  });

  it('polls by itself, polls at once when woken, and again at once after a full batch', async () => {
    const { db, clock } = ctx.deps;
    clock.set('2026-03-05T10:00:00Z');
    const { runs, record } = counter();
    const job = defineJob({ name: 'test.polled', schema: z.object({}), handler: async (_p, c) => void record(c.jobId) });
    const done = async (ids: Array<number | null>) => {
      const rows = await db.selectFrom('jobs').select('status').where('id', 'in', ids.map((i) => i ?? -1)).execute();
      return rows.length === ids.length && rows.every((r) => r.status === 'done');
    };

    // Five jobs, batches of two, and a poll interval longer than the test: only "full batch, poll again" drains them.
    const early: Array<number | null> = [];
    for (let i = 0; i < 5; i++) early.push(await enqueueJob(db, job, {}, clock.now()));
    const w = await startWorker({ deps: ctx.deps, registry: createJobRegistry([job]), pollIntervalMs: 120_000, batchSize: 2 });
    workers.push(w);
    await waitFor('the first five jobs', () => done(early));

    // The loop now sleeps for two minutes; wake() must make it poll.
    const late = await enqueueJob(db, job, {}, clock.now());
    w.wake();
    await waitFor('the woken poll', () => done([late]));
    expect([...runs.values()]).toEqual([1, 1, 1, 1, 1, 1]);
    await w.stop();
  });

  it('stop() waits for a running handler, and bounds the wait for one that does not finish', async () => {
    const { db, clock } = ctx.deps;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slow = defineJob({ name: 'test.slow', schema: z.object({}), handler: () => gate });
    const w = await startWorker({ deps: ctx.deps, registry: createJobRegistry([slow]), pollIntervalMs: 20 });
    workers.push(w);
    const id = await enqueueJob(db, slow, {}, clock.now());
    await waitFor('the slow job to start', async () => (await jobRow(id)).status === 'running');
    let stopped = false;
    const stopping = w.stop().then(() => (stopped = true));
    await sleep(100);
    expect(stopped).toBe(false);
    release();
    await within('stop', stopping);
    expect(await jobRow(id)).toMatchObject({ status: 'done' });
    expect(await w.runOnce()).toBe(0);

    let aborted = false;
    const stuck = defineJob({
      name: 'test.stuck',
      schema: z.object({}),
      handler: async (_p, c) => {
        await new Promise((resolve) => c.signal?.addEventListener('abort', resolve));
        aborted = true;
        throw new Error('cancelled by shutdown');
      },
    });
    const w2 = await startWorker({ deps: ctx.deps, registry: createJobRegistry([stuck]), pollIntervalMs: 20, stopTimeoutMs: 200 });
    workers.push(w2);
    const stuckId = await enqueueJob(db, stuck, {}, clock.now());
    await waitFor('the stuck job to start', async () => (await jobRow(stuckId)).status === 'running');
    await within('bounded stop', w2.stop());
    expect(aborted).toBe(true);
    await waitFor('the stuck job to be handed back', async () => (await jobRow(stuckId)).status === 'queued');
    expect(await jobRow(stuckId)).toMatchObject({ attempts: 1, last_error: 'cancelled by shutdown' });
  });

  it.skipIf(onPglite)('runs 500 jobs exactly once across three workers with their own connection pools', async () => {
    const { db, clock } = ctx.deps;
    clock.set('2026-03-06T10:00:00Z');
    const { runs, record } = counter();
    const job = defineJob({
      name: 'test.many',
      schema: z.object({ i: z.number() }),
      handler: async (_p, c) => {
        record(c.jobId);
        await sleep(c.jobId % 3);
      },
    });
    const pools = await Promise.all([0, 1, 2].map(() => openDatabase({ databaseUrl: ctx.database.url, dataDir: os.tmpdir(), poolSize: 4 })));
    const many = await Promise.all(
      pools.map((p, i) => startWorker({ deps: { ...ctx.deps, db: p.db }, registry: createJobRegistry([job]), workerId: `pool-${i}`, pollIntervalMs: 10, batchSize: 10 })),
    );
    try {
      for (let t = 0; t < 5; t++) {
        await db.transaction().execute(async (tx) => {
          for (let i = 0; i < 100; i++) await enqueueJob(tx, job, { i: t * 100 + i }, clock.now());
        });
      }
      const doneCount = async () => {
        const r = await db.selectFrom('jobs').select((eb) => eb.fn.countAll<number>().as('n')).where('name', '=', 'test.many').where('status', '=', 'done').executeTakeFirstOrThrow();
        return Number(r.n);
      };
      await waitFor('500 jobs to be done', async () => (await doneCount()) === 500, 60_000);
      const rows = await db.selectFrom('jobs').select(['id', 'status', 'attempts']).where('name', '=', 'test.many').execute();
      expect(rows).toHaveLength(500);
      expect(rows.every((r) => r.status === 'done' && r.attempts === 1)).toBe(true);
      expect(runs.size).toBe(500);
      expect(rows.filter((r) => runs.get(r.id) !== 1)).toEqual([]);
    } finally {
      await Promise.all(many.map((w) => w.stop()));
      await Promise.all(pools.map((p) => p.close()));
    }
  });
});
