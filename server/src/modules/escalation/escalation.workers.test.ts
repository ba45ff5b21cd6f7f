import { spawn, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { createTestApp, testConfig } from '../../../test/harness.js';
import { createIncidentAs, createPerson, setupIncidentWorld, teamIdBySlug, type Person, type Staff } from '../../../test/factories/incidents.js';
import { openDatabase, type Database } from '../../db/client.js';
import { systemActor } from '../../platform/context.js';
import { createJobRegistry } from '../../platform/jobs/jobs.registry.js';
import { createWorker, startWorker, type JobWorker } from '../../platform/jobs/jobs.worker.js';
import { notificationJobs } from '../notifications/index.js';
import { startEscalation } from './escalation.commands.js';
import { escalationJobs } from './escalation.jobs.js';
import { escalationStepJob } from './escalation.step.js';
import { createPolicy, minutes } from './escalation.test-support.js';

const onPglite = inject('testDb').kind === 'pglite';
const here = path.dirname(fileURLToPath(import.meta.url));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

// Exactly once across processes needs a database server that several processes share.
describe.skipIf(onPglite)('escalation steps exactly once across workers and crashes (PostgreSQL)', () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  let staff: Staff;
  let itOps: string;
  let pagers: Person[];
  let team: Person[];
  const children: ChildProcess[] = [];

  const db = () => ctx.deps.db;
  const escalate = async (incidentId: string, policyId: string) => (await db().transaction().execute((tx) => startEscalation(tx, ctx.deps, { incidentId, policyId, reason: 'test', actor: systemActor })))!;
  const jobsNamed = (name: string) => db().selectFrom('jobs').selectAll().where('name', '=', name).execute();
  const pageCounts = async (escalationIds: string[]) => {
    const rows = await sql<{ key: string; n: number }>`
      select e.id || '/' || coalesce(n.user_id::text, '') as key, count(n.id)::int as n
        from escalations e join notifications n on n.incident_id = e.incident_id
       where e.id = any(${escalationIds}::uuid[])
       group by 1`.execute(db());
    return rows.rows;
  };

  beforeAll(async () => {
    ctx = await createTestApp();
    staff = await setupIncidentWorld(ctx.deps);
    itOps = await teamIdBySlug(ctx.deps, 'it-operations');
    pagers = [await createPerson(ctx.deps, 'agent', { name: 'Pager 1' }), await createPerson(ctx.deps, 'agent', { name: 'Pager 2' })];
    team = [];
    for (let i = 0; i < 3; i++) team.push(await createPerson(ctx.deps, 'agent', { name: `Member ${i}`, teamSlugs: ['it-operations'] }));
  });
  beforeEach(async () => {
    await db().deleteFrom('jobs').execute();
    ctx.deps.clock.release();
  });
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    await ctx.close();
  });

  it('pages every (escalation, level, pass, person) exactly once with three workers on their own pools', async () => {
    ctx.deps.clock.set('2026-07-01T02:00:00Z');
    const policy = await createPolicy(ctx.app, staff.admin.headers, {
      teamId: itOps,
      repeatCount: 1,
      levels: [
        { delayMinutes: 5, targets: pagers.map((p) => ({ kind: 'user' as const, id: p.id })) },
        { delayMinutes: 5, targets: [{ kind: 'team', id: itOps }] },
      ],
    });
    const escalations: string[] = [];
    for (let i = 0; i < 15; i++) {
      const incident = await createIncidentAs(ctx.deps, staff.agent.id, { severity: 'critical' });
      escalations.push(await escalate(incident.id, policy.id));
    }
    const pools: Database[] = await Promise.all([0, 1, 2].map(() => openDatabase({ databaseUrl: ctx.database.url, dataDir: os.tmpdir(), poolSize: 4 })));
    const workers: JobWorker[] = await Promise.all(
      pools.map((p, i) =>
        startWorker({ deps: { ...ctx.deps, db: p.db }, registry: createJobRegistry([...escalationJobs, ...notificationJobs]), workerId: `pool-${i}`, pollIntervalMs: 10, batchSize: 5 }),
      ),
    );
    const idle = async () => {
      const r = await db()
        .selectFrom('jobs')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where((eb) => eb.or([eb('status', '=', 'running'), eb.and([eb('status', '=', 'queued'), eb('run_at', '<=', ctx.deps.clock.now())])]))
        .executeTakeFirstOrThrow();
      return Number(r.n) === 0;
    };
    try {
      // Two passes of two levels, five minutes apart, then the end of the escalation.
      for (let step = 0; step < 5; step++) {
        for (const w of workers) w.wake();
        await waitFor(`step ${step} to be worked off`, idle);
        ctx.deps.clock.advance(minutes(5));
      }
      for (const w of workers) w.wake();
      await waitFor('the last steps', idle);
    } finally {
      await Promise.all(workers.map((w) => w.stop()));
      await Promise.all(pools.map((p) => p.close()));
    }

    const states = await db().selectFrom('escalations').select('state').where('id', 'in', escalations).execute();
    expect(states.every((s) => s.state === 'exhausted')).toBe(true);
    // Each pass pages the two pagers (level 1) and the three members (level 2): ten notifications per escalation, two per person.
    const counts = await pageCounts(escalations);
    expect(counts).toHaveLength(escalations.length * 5);
    expect(counts.filter((c) => c.n !== 2)).toEqual([]);
    const pages = await db().selectFrom('escalation_pages').select((eb) => eb.fn.countAll<number>().as('n')).where('escalation_id', 'in', escalations).executeTakeFirstOrThrow();
    expect(Number(pages.n)).toBe(escalations.length * 10);
    const steps = await jobsNamed('escalation.step');
    expect(steps).toHaveLength(escalations.length * 5);
    expect(steps.filter((j) => j.status !== 'done' || j.attempts !== 1)).toEqual([]);
    const dispatches = await jobsNamed('notifications.dispatch');
    expect(dispatches).toHaveLength(escalations.length * 10);
    expect(dispatches.filter((j) => j.status !== 'done' || j.attempts !== 1)).toEqual([]);
    expect(new Set(dispatches.map((j) => j.locked_by)).size).toBeGreaterThan(1);
    const events = await sql<{ type: string; n: number }>`
      select type, count(*)::int as n from timeline_events
       where data->>'escalationId' = any(${escalations}::text[]) group by type order by type`.execute(db());
    expect(events.rows).toEqual([
      { type: 'escalation.started', n: escalations.length },
      { type: 'escalation.step', n: escalations.length * 4 },
      { type: 'escalation.stopped', n: escalations.length },
    ]);
  }, 180_000);

  /** Starts the crash worker in a process of its own and resolves once it printed a line starting with `marker`. */
  async function crashWorker(mode: 'after-step-commit' | 'inside-dispatch', marker: string): Promise<{ child: ChildProcess; lines: string[] }> {
    const config = testConfig();
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'escalation.crash-worker.ts'), mode], {
      cwd: path.resolve(here, '../../..'),
      env: { ...process.env, DATABASE_URL: ctx.database.url, VIGIL_SECRET: config.secret, VIGIL_DATA_DIR: os.tmpdir(), LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    const lines: string[] = [];
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    child.stdout!.on('data', (d: Buffer) => lines.push(...d.toString().split('\n').filter(Boolean)));
    await waitFor(`the crash worker to print ${marker} (stderr: ${stderr})`, async () => {
      if (child.exitCode !== null) throw new Error(`crash worker exited with ${child.exitCode}: ${stderr}`);
      return lines.some((l) => l.startsWith(marker));
    });
    return { child, lines };
  }

  async function killHard(child: ChildProcess): Promise<void> {
    const exited = new Promise<string | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
  }

  /** A worker of this process that takes over once the dead worker's lease has lapsed. */
  async function takeOver(): Promise<void> {
    ctx.deps.clock.advance(10_000);
    const worker = createWorker({ deps: ctx.deps, registry: createJobRegistry([...escalationJobs, ...notificationJobs]), workerId: 'survivor' });
    expect((await worker.sweep()).requeued).toBeGreaterThan(0);
    while ((await worker.runOnce()) > 0);
  }

  it('a worker killed with kill -9 after a step committed: the survivor re-runs the step as a no-op and pages nobody twice', async () => {
    const policy = await createPolicy(ctx.app, staff.admin.headers, {
      teamId: itOps,
      levels: [
        { delayMinutes: 10, targets: pagers.map((p) => ({ kind: 'user' as const, id: p.id })) },
        { delayMinutes: 10, targets: [{ kind: 'user', id: team[0]!.id }] },
      ],
    });
    const incident = await createIncidentAs(ctx.deps, staff.agent.id, { severity: 'critical' });
    const escalationId = await escalate(incident.id, policy.id);

    const { child, lines } = await crashWorker('after-step-commit', 'STEP-COMMITTED');
    const jobId = Number(lines.find((l) => l.startsWith('STEP-COMMITTED'))!.split(' ')[1]);
    const held = await db().selectFrom('jobs').selectAll().where('id', '=', jobId).executeTakeFirstOrThrow();
    expect(held).toMatchObject({ name: escalationStepJob.name, status: 'running', attempts: 1, locked_by: `crash-worker/${child.pid}` });
    expect(await db().selectFrom('escalations').select(['level', 'repeat']).where('id', '=', escalationId).executeTakeFirstOrThrow()).toEqual({ level: 1, repeat: 0 });
    await killHard(child);

    await takeOver();
    expect(await db().selectFrom('jobs').select(['status', 'attempts', 'locked_by']).where('id', '=', jobId).executeTakeFirstOrThrow()).toEqual({ status: 'done', attempts: 2, locked_by: 'survivor' });
    expect((await pageCounts([escalationId])).map((c) => c.n)).toEqual([1, 1]);
    const pending = (await jobsNamed('escalation.step')).filter((j) => j.status === 'queued');
    expect(pending.map((j) => j.payload)).toMatchObject([{ escalationId, level: 1, repeat: 0 }]);
    const steps = await db().selectFrom('timeline_events').select('type').where('incident_id', '=', incident.id).where('type', '=', 'escalation.step').execute();
    expect(steps).toHaveLength(1);
  }, 120_000);

  it('a worker killed with kill -9 inside a dispatch transaction: nothing of it commits, and the survivor notifies each person once', async () => {
    const policy = await createPolicy(ctx.app, staff.admin.headers, { teamId: itOps, levels: [{ delayMinutes: 10, targets: pagers.map((p) => ({ kind: 'user' as const, id: p.id })) }] });
    const incident = await createIncidentAs(ctx.deps, staff.agent.id, { severity: 'critical' });
    const escalationId = await escalate(incident.id, policy.id);
    const stepOnly = createWorker({ deps: ctx.deps, registry: createJobRegistry(escalationJobs) });
    expect(await stepOnly.runOnce()).toBe(1);
    expect((await jobsNamed('notifications.dispatch')).map((j) => j.status)).toEqual(['queued', 'queued']);

    const { child } = await crashWorker('inside-dispatch', 'IN-DISPATCH');
    await waitFor('both dispatches to be held', async () => (await jobsNamed('notifications.dispatch')).every((j) => j.status === 'running'));
    expect(await db().selectFrom('notifications').select('id').where('incident_id', '=', incident.id).execute()).toEqual([]);
    await killHard(child);

    await takeOver();
    expect((await pageCounts([escalationId])).map((c) => c.n)).toEqual([1, 1]);
    expect((await jobsNamed('notifications.dispatch')).map((j) => `${j.status}/${j.attempts}/${j.locked_by}`)).toEqual(['done/2/survivor', 'done/2/survivor']);
    const sent = await db().selectFrom('timeline_events').select('type').where('incident_id', '=', incident.id).where('type', '=', 'notification.sent').execute();
    expect(sent).toHaveLength(2);
  }, 120_000);
});
