import { spawn, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createIncidentAs, setupIncidentWorld, type Staff } from '../../../test/factories/incidents.js';
import { createTestApp } from '../../../test/harness.js';
import { openDatabase, type Database } from '../../db/client.js';
import { createJobRegistry } from '../../platform/jobs/jobs.registry.js';
import { createWorker, type JobWorker } from '../../platform/jobs/jobs.worker.js';
import { clockJobs, sweepOverdueClocks } from './clock.jobs.js';
import { clockWorker, MIN, post } from './clock.test-support.js';

const onPglite = inject('testDb').kind === 'pglite';
const childScript = path.join(path.dirname(fileURLToPath(import.meta.url)), 'clock.test-worker.ts');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

describe('clock timers act exactly once', () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  let staff: Staff;
  const pools: Database[] = [];
  const workers: JobWorker[] = [];
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    ctx = await createTestApp();
    staff = await setupIncidentWorld(ctx.deps);
    await post(ctx.app, '/api/v1/sla-policies', staff.admin.headers, {
      type: 'it-outage',
      priority: 'P2',
      timeToAcknowledgeMinutes: 1,
      timeToResolveMinutes: 600,
      breachActions: { notify: { assignee: true, teamManagers: false }, raisePriorityTo: 'P1' },
    }, 201);
  });
  afterAll(async () => {
    for (const c of children) c.kill('SIGKILL');
    await Promise.all(workers.map((w) => w.stop()));
    await Promise.all(pools.map((p) => p.close()));
    await ctx.close();
  });

  /** Incidents with a time-to-acknowledge clock each, created at `at`; returns the clock ids. */
  async function incidentsWithClocks(n: number, at: Date): Promise<{ incidentIds: string[]; clockIds: string[] }> {
    ctx.deps.clock.set(at);
    const incidentIds: string[] = [];
    for (let i = 0; i < n; i++) incidentIds.push((await createIncidentAs(ctx.deps, staff.agent.id, { assigneeId: staff.agent.id, title: `Disk full ${i}` })).id);
    const clocks = await ctx.deps.db.selectFrom('clocks').select('id').where('incident_id', 'in', incidentIds).where('kind', '=', 'sla_ack').execute();
    expect(clocks).toHaveLength(n);
    return { incidentIds, clockIds: clocks.map((c) => c.id) };
  }

  /** What the breaches did, per clock: breach events, raised priorities, notification jobs, breach job rows. */
  async function effects(clockIds: string[], incidentIds: string[]) {
    const { db } = ctx.deps;
    const breaches = await db.selectFrom('timeline_events').select('data').where('type', '=', 'clock.breached').where('incident_id', 'in', incidentIds).execute();
    const raised = await db.selectFrom('timeline_events').select('incident_id').where('type', '=', 'incident.priority_changed').where('incident_id', 'in', incidentIds).execute();
    const notified = await db.selectFrom('jobs').select('idempotency_key').where('name', '=', 'notifications.dispatch').where('idempotency_key', 'like', 'notifications.dispatch:clocks.breach:%').execute();
    const jobs = await db.selectFrom('jobs').select(['idempotency_key', 'status', 'attempts', 'locked_by']).where('name', '=', 'clocks.breach').execute();
    const mine = (key: string | null) => clockIds.some((id) => key?.includes(`:${id}:`));
    return {
      breachesPerClock: clockIds.map((id) => breaches.filter((b) => b.data.clockId === id).length),
      raisedPerIncident: incidentIds.map((id) => raised.filter((r) => r.incident_id === id).length),
      notificationsPerClock: clockIds.map((id) => notified.filter((n) => n.idempotency_key?.includes(`:${id}:`)).length),
      breachJobs: jobs.filter((j) => mine(j.idempotency_key)),
    };
  }

  it('does nothing when a breach job runs again after its transaction committed (its worker died before marking it done)', async () => {
    const t0 = new Date('2026-06-01T08:00:00Z');
    const { incidentIds, clockIds } = await incidentsWithClocks(1, t0);
    const { drain } = clockWorker(ctx.deps);
    ctx.deps.clock.set(new Date(t0.getTime() + 2 * MIN));
    await drain();
    let seen = await effects(clockIds, incidentIds);
    expect(seen).toMatchObject({ breachesPerClock: [1], raisedPerIncident: [1], notificationsPerClock: [1] });
    // Back in the queue as if the worker had crashed after commit and before recording the outcome.
    await ctx.deps.db.updateTable('jobs').set({ status: 'queued', finished_at: null }).where('name', '=', 'clocks.breach').where('idempotency_key', 'like', `%:${clockIds[0]}:%`).execute();
    expect(await drain()).toBeGreaterThan(0);
    seen = await effects(clockIds, incidentIds);
    expect(seen).toMatchObject({ breachesPerClock: [1], raisedPerIncident: [1], notificationsPerClock: [1] });
    expect(seen.breachJobs.map((j) => [j.status, j.attempts])).toEqual([['done', 2]]);
  });

  it('has the sweeper enqueue the breach of an overdue clock whose job is missing, once', async () => {
    const t0 = new Date('2026-06-02T08:00:00Z');
    const { incidentIds, clockIds } = await incidentsWithClocks(1, t0);
    await ctx.deps.db.deleteFrom('jobs').where('idempotency_key', 'like', `clocks.%:${clockIds[0]}:%`).execute();
    const { drain } = clockWorker(ctx.deps);
    ctx.deps.clock.set(new Date(t0.getTime() + 10 * MIN));
    await drain();
    expect((await effects(clockIds, incidentIds)).breachesPerClock).toEqual([0]);
    const swept = await sweepOverdueClocks(ctx.deps);
    expect(swept.breaches).toBeGreaterThanOrEqual(1);
    await drain();
    expect((await effects(clockIds, incidentIds)).breachesPerClock).toEqual([1]);
    const again = await sweepOverdueClocks(ctx.deps);
    expect(again.breaches).toBe(0);
  });

  it.skipIf(onPglite)('breaches 150 clocks due at once across three workers with their own pools, each exactly once', async () => {
    const t0 = new Date('2026-06-03T08:00:00Z');
    const { incidentIds, clockIds } = await incidentsWithClocks(150, t0);
    for (let i = 0; i < 3; i++) {
      const pool = await openDatabase({ databaseUrl: ctx.database.url, dataDir: os.tmpdir(), poolSize: 4 });
      pools.push(pool);
      const w = createWorker({ deps: { ...ctx.deps, db: pool.db }, registry: createJobRegistry(clockJobs), workerId: `pool-${i}`, pollIntervalMs: 10, batchSize: 10 });
      w.start();
      workers.push(w);
    }
    ctx.deps.clock.set(new Date(t0.getTime() + 2 * MIN));
    const breached = async () => {
      const r = await ctx.deps.db.selectFrom('clocks').select((eb) => eb.fn.countAll<number>().as('n')).where('id', 'in', clockIds).where('state', '=', 'breached').executeTakeFirstOrThrow();
      return Number(r.n);
    };
    await waitFor('150 breaches', async () => (await breached()) === 150);
    await waitFor('the queue to drain', async () => {
      const left = await ctx.deps.db.selectFrom('jobs').select('id').where('name', 'in', ['clocks.breach', 'clocks.warn']).where('status', 'in', ['queued', 'running']).where('run_at', '<=', ctx.deps.clock.now()).execute();
      return left.length === 0;
    });
    const seen = await effects(clockIds, incidentIds);
    expect(seen.breachesPerClock.every((n) => n === 1)).toBe(true);
    expect(seen.raisedPerIncident.every((n) => n === 1)).toBe(true);
    expect(seen.notificationsPerClock.every((n) => n === 1)).toBe(true);
    expect(seen.breachJobs).toHaveLength(150);
    expect(seen.breachJobs.every((j) => j.status === 'done')).toBe(true);
    expect(new Set(seen.breachJobs.map((j) => j.locked_by)).size).toBeGreaterThan(1);
    await Promise.all(workers.splice(0).map((w) => w.stop()));
  }, 180_000);

  // One retry: on two shared cores a spawned child has missed its 2 s leases under heavy load before it held every job (seen once in 6 CI runs).
  it.skipIf(onPglite)('loses and doubles no breach when a worker process is killed (kill -9) while it holds the leases', { timeout: 180_000, retry: 1 }, async () => {
    const n = 20;
    ctx.deps.clock.release();
    const { incidentIds, clockIds } = await incidentsWithClocks(n, new Date(Date.now() - 10 * MIN));
    ctx.deps.clock.release();

    // Hold the incidents so the child's breach transactions block mid-run, after it claimed the jobs.
    const blocker = new pg.Client({ connectionString: ctx.database.url });
    await blocker.connect();
    await blocker.query('begin');
    await blocker.query('select id from incidents where id = any($1::uuid[]) for update', [incidentIds]);

    const child = spawn(process.execPath, ['--import', 'tsx', childScript, ctx.database.url!, 'doomed', '2000', '100'], { stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    const held = async () => {
      const rows = await ctx.deps.db.selectFrom('jobs').select('idempotency_key').where('name', '=', 'clocks.breach').where('status', '=', 'running').where('locked_by', '=', 'doomed').execute();
      return rows.filter((r) => clockIds.some((id) => r.idempotency_key?.includes(`:${id}:`))).length === n;
    };
    try {
      await waitFor('the child to claim every breach job', held, 90_000);
    } catch (err) {
      throw new Error(`${(err as Error).message}; child stderr: ${stderr}`, { cause: err });
    }
    child.kill('SIGKILL');
    await exited;
    await blocker.query('rollback');
    await blocker.end();
    expect((await effects(clockIds, incidentIds)).breachesPerClock.every((c) => c === 0)).toBe(true);

    const pool = await openDatabase({ databaseUrl: ctx.database.url, dataDir: os.tmpdir(), poolSize: 4 });
    pools.push(pool);
    const survivor = createWorker({ deps: { ...ctx.deps, db: pool.db }, registry: createJobRegistry(clockJobs), workerId: 'survivor', pollIntervalMs: 20, sweepIntervalMs: 200, batchSize: 50 });
    survivor.start();
    workers.push(survivor);
    await waitFor('every breach to be taken over and done', async () => {
      const done = await effects(clockIds, incidentIds);
      return done.breachJobs.length === n && done.breachJobs.every((j) => j.status === 'done');
    });
    const seen = await effects(clockIds, incidentIds);
    expect(seen.breachesPerClock).toEqual(clockIds.map(() => 1));
    expect(seen.raisedPerIncident).toEqual(incidentIds.map(() => 1));
    expect(seen.notificationsPerClock).toEqual(clockIds.map(() => 1));
    expect(seen.breachJobs.every((j) => j.attempts === 2 && j.locked_by === 'survivor')).toBe(true);
  });
});
