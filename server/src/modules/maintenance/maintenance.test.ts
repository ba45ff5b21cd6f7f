import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDeps, type TestContext } from '../../../test/harness.js';
import { createJobRegistry } from '../../platform/jobs/jobs.registry.js';
import { createWorker } from '../../platform/jobs/jobs.worker.js';
import { cleanupExpiredRows } from './maintenance.commands.js';
import { maintenanceCleanupJob, maintenanceJobs, scheduleMaintenance } from './maintenance.jobs.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('maintenance.cleanup', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestDeps();
  });
  afterAll(() => ctx.close());

  it('deletes expired sessions, throttle rows whose window is over and done jobs older than 7 days, and nothing else', async () => {
    const { db, clock } = ctx.deps;
    clock.set('2026-05-10T12:00:00Z');
    const at = (offsetMs: number) => new Date(clock.now().getTime() + offsetMs);
    const user = await db.insertInto('users').values({ email: 'ana@example.org', name: 'Ana', role: 'agent', password_hash: null, last_login_at: null }).returning('id').executeTakeFirstOrThrow();
    const session = (id: string, expiresAt: Date) => ({ id, user_id: user.id, csrf_token: `csrf-${id}`, ip: null, user_agent: null, expires_at: expiresAt });
    await db.insertInto('sessions').values([session('expired', at(-60_000)), session('live', at(HOUR))]).execute();
    await db
      .insertInto('auth_throttle')
      .values([
        { key: 'account:old', failures: 3, window_started_at: at(-25 * HOUR), blocked_until: null },
        { key: 'account:old-block-over', failures: 5, window_started_at: at(-25 * HOUR), blocked_until: at(-HOUR) },
        { key: 'account:old-still-blocked', failures: 5, window_started_at: at(-25 * HOUR), blocked_until: at(HOUR) },
        { key: 'ip:10.0.0.1', failures: 2, window_started_at: at(-10 * 60_000), blocked_until: null },
      ])
      .execute();
    const job = (name: string, status: 'queued' | 'done' | 'dead', finishedAt: Date | null) => ({
      name,
      payload: '{}',
      status,
      run_at: at(-30 * DAY),
      idempotency_key: null,
      locked_by: null,
      locked_until: null,
      last_error: null,
      finished_at: finishedAt,
    });
    await db
      .insertInto('jobs')
      .values([
        job('test.done-old', 'done', at(-8 * DAY)),
        job('test.done-recent', 'done', at(-6 * DAY)),
        job('test.dead-old', 'dead', at(-30 * DAY)),
        job('test.queued-old', 'queued', null),
      ])
      .execute();

    expect(await cleanupExpiredRows(ctx.deps, clock.now())).toEqual({ sessions: 1, authThrottles: 2, doneJobs: 1 });

    expect((await db.selectFrom('sessions').select('id').execute()).map((r) => r.id)).toEqual(['live']);
    expect((await db.selectFrom('auth_throttle').select('key').orderBy('key').execute()).map((r) => r.key)).toEqual(['account:old-still-blocked', 'ip:10.0.0.1']);
    expect((await db.selectFrom('jobs').select('name').orderBy('name').execute()).map((r) => r.name)).toEqual(['test.dead-old', 'test.done-recent', 'test.queued-old']);
    expect(await cleanupExpiredRows(ctx.deps, clock.now())).toEqual({ sessions: 0, authThrottles: 0, doneJobs: 0 });
  });

  it('keeps exactly one run pending: startup enqueues one, each run enqueues the next hour, restarts and repeats add none', async () => {
    const { db, clock } = ctx.deps;
    await db.deleteFrom('jobs').execute();
    const worker = createWorker({ deps: ctx.deps, registry: createJobRegistry(maintenanceJobs) });
    const pending = () =>
      db.selectFrom('jobs').select(['run_at', 'idempotency_key']).where('name', '=', 'maintenance.cleanup').where('status', 'in', ['queued', 'running']).execute();

    clock.set('2026-05-10T12:20:00Z');
    expect(await scheduleMaintenance(ctx.deps)).toEqual(expect.any(Number));
    expect(await scheduleMaintenance(ctx.deps)).toBeNull();
    expect(await pending()).toEqual([{ run_at: new Date('2026-05-10T12:20:00Z'), idempotency_key: 'maintenance.cleanup@2026-05-10T12' }]);

    expect(await worker.runOnce()).toBe(1);
    expect(await pending()).toEqual([{ run_at: new Date('2026-05-10T13:20:00Z'), idempotency_key: 'maintenance.cleanup@2026-05-10T13' }]);

    // A restart within the hour, and a second run of the same job (a retry after a lost lease), add nothing.
    clock.set('2026-05-10T12:50:00Z');
    expect(await scheduleMaintenance(ctx.deps)).toBeNull();
    clock.set('2026-05-10T12:20:05Z');
    await maintenanceCleanupJob.handler({}, { deps: ctx.deps, jobId: 0, attempt: 2 });
    expect(await pending()).toHaveLength(1);

    clock.set('2026-05-10T13:20:00Z');
    expect(await worker.runOnce()).toBe(1);
    expect(await pending()).toEqual([{ run_at: new Date('2026-05-10T14:20:00Z'), idempotency_key: 'maintenance.cleanup@2026-05-10T14' }]);

    // Down for hours: the overdue run is the one pending; startup adds none and the chain moves on from now.
    clock.set('2026-05-10T19:05:00Z');
    expect(await scheduleMaintenance(ctx.deps)).toBeNull();
    expect(await worker.runOnce()).toBe(1);
    expect(await pending()).toEqual([{ run_at: new Date('2026-05-10T20:05:00Z'), idempotency_key: 'maintenance.cleanup@2026-05-10T20' }]);
    const done = await db.selectFrom('jobs').select('id').where('name', '=', 'maintenance.cleanup').where('status', '=', 'done').execute();
    expect(done).toHaveLength(3);
  });
});
