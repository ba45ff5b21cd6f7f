// Timer precision on PostgreSQL: `node bench/timers.mjs [options]`.
// Starts Vigil against a fresh PostgreSQL database, sets a 24x7 SLA policy (time to acknowledge
// 1 minute) for IT outages of priority P2, creates N such incidents through the API as fast as it can
// (so N clocks fall due within a few seconds), keeps a background load of list reads and creates
// running, and measures for every clock the time from its due instant to its breach: the job writes
// `lateByMs` (fired at minus due at, both from the server clock) into the `clock.breached` event.
// Counts breaches per clock (exactly one each). See bench/README.md, section "timers".
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { dropAllCreated, dropDatabase, serverInfo, withClient } from './lib/pgadmin.mjs';
import { cleanEnv, killAll, repoRoot, sleep, vigilBin } from './lib/proc.mjs';
import { api, prepareInstance } from './lib/vigil.mjs';

const { values: opt } = parseArgs({
  options: {
    clocks: { type: 'string', default: '300' },
    'create-connections': { type: 'string', default: '8' },
    'load-connections': { type: 'string', default: '2' },
    workers: { type: 'string', default: '0' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (opt.help) {
  console.log(`node bench/timers.mjs [--clocks 300] [--create-connections 8] [--load-connections 2] [--workers 0]
  --clocks              incidents created, each with a time-to-acknowledge clock of 1 minute
  --create-connections  parallel creates while setting up
  --load-connections    background load during the firing: this many list readers and half as many creators (P5, no clocks)
  --workers             extra worker-only processes (VIGIL_ROLE=worker) besides the server's own worker`);
  process.exit(0);
}
const cfg = {
  clocks: Number(opt.clocks),
  createConnections: Number(opt['create-connections']),
  loadConnections: Number(opt['load-connections']),
  workers: Number(opt.workers),
};
const TARGET_P99_MS = 2000;

const started = new Date();
const runId = started.toISOString().replace(/[-:T]/g, '').slice(0, 14);
const ctx = { runId, tmpRoot: mkdtempSync(path.join(os.tmpdir(), 'vigil-bench-timers-')) };
const log = (msg) => console.error(`[${((Date.now() - started.getTime()) / 1000).toFixed(0).padStart(4)} s] ${msg}`);
const children = [];

async function cleanup(code) {
  killAll();
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  await dropAllCreated();
  rmSync(ctx.tmpRoot, { recursive: true, force: true });
  if (code !== undefined) process.exit(code);
}
process.on('SIGINT', () => void cleanup(130));
process.on('SIGTERM', () => void cleanup(143));

/** A worker-only process (no HTTP): ready once it logs that its job worker started. */
function startWorkerProcess(dataDir, databaseUrl) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [vigilBin, 'start'], {
      cwd: repoRoot,
      env: cleanEnv({ VIGIL_ROLE: 'worker', VIGIL_DATA_DIR: dataDir, DATABASE_URL: databaseUrl, LOG_LEVEL: 'info' }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let output = '';
    const timer = setTimeout(() => reject(new Error(`worker did not start:\n${output.slice(-2000)}`)), 90_000);
    const onData = (chunk) => {
      output = (output + chunk.toString()).slice(-20_000);
      if (output.includes('job worker started')) {
        clearTimeout(timer);
        child.stdout.off('data', onData);
        child.stdout.resume();
        child.stderr.resume();
        resolve({ stop: () => new Promise((r) => (child.exitCode !== null ? r() : (child.once('exit', r), child.kill('SIGTERM')))) });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (c) => (output = (output + c.toString()).slice(-20_000)));
    child.on('exit', (code) => reject(new Error(`worker exited ${code}:\n${output.slice(-2000)}`)));
  });
}

/** Creates n P2 IT outages (impact high, urgency medium) assigned to `assigneeId`, `connections` at a time. */
async function createIncidents(server, inst, n, connections, assigneeId) {
  let next = 0;
  const one = async () => {
    while (next < n) {
      const i = next++;
      await api(server, inst, 'POST', '/api/v1/incidents', { type: 'it-outage', title: `Timer bench ${i}`, impact: 'high', urgency: 'medium', assigneeId });
    }
  };
  await Promise.all(Array.from({ length: connections }, one));
}

/** Background load until stop(): list pages and creates of P5 incidents (which get no clocks). */
function backgroundLoad(server, inst) {
  const headers = { authorization: `Bearer ${inst.token}`, 'content-type': 'application/json' };
  const instances = [];
  const statuses = {};
  const latencies = [];
  const start = (connections, requests) => {
    if (connections <= 0) return;
    const a = autocannon({ url: server.url, connections, duration: 3600, headers, requests, timeout: 10 });
    a.on('response', (_c, status, _b, ms) => {
      statuses[status] = (statuses[status] ?? 0) + 1;
      latencies.push(ms);
    });
    instances.push(a);
  };
  start(cfg.loadConnections, [{ method: 'GET', path: '/api/v1/incidents?limit=50&sort=priority' }]);
  start(Math.ceil(cfg.loadConnections / 2), [{ method: 'POST', path: '/api/v1/incidents', body: JSON.stringify({ type: 'it-outage', title: 'Background load', impact: 'low', urgency: 'low' }) }]);
  return {
    stop: async () => {
      for (const a of instances) a.stop();
      await sleep(200);
      latencies.sort((a, b) => a - b);
      const pct = (p) => (latencies.length ? Math.round(latencies[Math.min(latencies.length - 1, Math.ceil((p / 100) * latencies.length) - 1)]) : null);
      return { requests: latencies.length, statuses, latencyMs: { p50: pct(50), p95: pct(95), p99: pct(99) } };
    },
  };
}

async function clockState(dbUrl) {
  return withClient(dbUrl, async (c) => {
    const r = await c.query(`select count(*)::int as n, count(*) filter (where state = 'breached')::int as breached, min(due_at) as first_due, max(due_at) as last_due from clocks where kind = 'sla_ack'`);
    return r.rows[0];
  });
}

async function main() {
  log('preparing a fresh Vigil instance on PostgreSQL');
  const inst = await prepareInstance(ctx, 'postgres', 'timers');
  const server = inst.server;
  const pg = await serverInfo();
  const me = await api(server, inst, 'GET', '/api/v1/me');
  await api(server, inst, 'POST', '/api/v1/sla-policies', {
    type: 'it-outage',
    priority: 'P2',
    timeToAcknowledgeMinutes: 1,
    timeToResolveMinutes: 600,
    calendarId: null,
    breachActions: { notify: { userIds: [], teamIds: [], assignee: true, teamManagers: true } },
  });
  const workers = [];
  for (let i = 0; i < cfg.workers; i++) {
    const dir = path.join(ctx.tmpRoot, `worker-${i}`);
    mkdirSync(dir, { recursive: true });
    workers.push(await startWorkerProcess(dir, inst.databaseUrl));
  }

  log(`creating ${cfg.clocks} incidents with a 1-minute time-to-acknowledge clock`);
  const createStarted = Date.now();
  await createIncidents(server, inst, cfg.clocks, cfg.createConnections, me.user.id);
  const createS = (Date.now() - createStarted) / 1000;
  const state = await clockState(inst.databaseUrl);
  if (state.n !== cfg.clocks) throw new Error(`expected ${cfg.clocks} clocks, found ${state.n}`);
  const spreadS = (new Date(state.last_due) - new Date(state.first_due)) / 1000;
  log(`created in ${createS.toFixed(1)} s; clocks due from ${new Date(state.first_due).toISOString()} over ${spreadS.toFixed(1)} s`);

  const load = backgroundLoad(server, inst);
  const loadSamples = [];
  const sampler = setInterval(() => loadSamples.push(os.loadavg()[0]), 1000);
  const deadline = new Date(state.last_due).getTime() + 120_000;
  let last = -1;
  for (;;) {
    const s = await clockState(inst.databaseUrl);
    if (s.breached !== last) log(`breached: ${s.breached} of ${s.n}`);
    last = s.breached;
    if (s.breached === s.n || Date.now() > deadline) break;
    await sleep(500);
  }
  const background = await load.stop();
  clearInterval(sampler);

  const measured = await withClient(inst.databaseUrl, async (c) => {
    const events = await c.query(`select (data->>'clockId') as clock_id, (data->>'lateByMs')::int as late_ms from timeline_events where type = 'clock.breached' and data->>'kind' = 'sla_ack'`);
    const jobs = await c.query(`select count(*) filter (where status = 'dead')::int as dead, max(attempts)::int as max_attempts from jobs where name = 'clocks.breach'`);
    const notified = await c.query(`select count(*)::int as n from jobs where name = 'notifications.dispatch' and idempotency_key like 'notifications.dispatch:clocks.breach:%'`);
    const byName = await c.query(
      `select name, status, count(*)::int as n, round(avg(extract(epoch from finished_at - run_at)) * 1000)::int as avg_done_after_ms from jobs group by name, status order by name, status`,
    );
    return { events: events.rows, jobs: jobs.rows[0], notified: notified.rows[0].n, jobsByName: byName.rows };
  });
  for (const w of workers) await w.stop();
  await server.stop();
  await dropDatabase(inst.dbName);

  const perClock = new Map();
  for (const e of measured.events) perClock.set(e.clock_id, (perClock.get(e.clock_id) ?? 0) + 1);
  const lates = measured.events.map((e) => e.late_ms).sort((a, b) => a - b);
  const pct = (p) => (lates.length ? lates[Math.min(lates.length - 1, Math.ceil((p / 100) * lates.length) - 1)] : null);
  const result = {
    startedAt: started.toISOString(),
    config: cfg,
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? null, memGb: Math.round((os.totalmem() / 2 ** 30) * 10) / 10, node: process.version, postgres: pg },
    setup: { createS: Math.round(createS * 10) / 10, dueSpreadS: Math.round(spreadS * 10) / 10 },
    clocks: cfg.clocks,
    breached: lates.length,
    duplicates: [...perClock.values()].filter((n) => n > 1).length,
    lateMs: { p50: pct(50), p95: pct(95), p99: pct(99), max: lates.at(-1) ?? null, min: lates[0] ?? null },
    breachJobs: measured.jobs,
    breachNotifications: measured.notified,
    jobsByName: measured.jobsByName,
    background,
    loadAvg1m: loadSamples.length ? Math.round((loadSamples.reduce((a, b) => a + b, 0) / loadSamples.length) * 100) / 100 : null,
  };
  mkdirSync(path.join(repoRoot, 'bench/results'), { recursive: true });
  const file = path.join(repoRoot, 'bench/results', `timers-${runId}.json`);
  writeFileSync(file, JSON.stringify(result, null, 2));
  const ok = result.lateMs.p99 !== null && result.lateMs.p99 <= TARGET_P99_MS;
  console.log(
    [
      `## timers, ${result.startedAt.slice(0, 16).replace('T', ' ')} UTC${cfg.workers ? ` (+${cfg.workers} worker processes)` : ''}`,
      '',
      `${result.machine.cpus} cores (${result.machine.cpuModel}), Node ${result.machine.node}, PostgreSQL ${pg.version}; load average ${result.loadAvg1m}.`,
      '',
      '| clocks | due within | breached | duplicates | due to fired p50 / p95 / p99 / max ms | breach notifications | background requests (p95 ms) | dead jobs |',
      '| ---: | ---: | ---: | ---: | --- | ---: | --- | ---: |',
      `| ${result.clocks} | ${result.setup.dueSpreadS} s | ${result.breached} | ${result.duplicates} | ${result.lateMs.p50} / ${result.lateMs.p95} / ${result.lateMs.p99}${ok ? ' ✅' : ' ❌'} / ${result.lateMs.max} | ${result.breachNotifications} | ${background.requests} (${background.latencyMs.p95}) ${JSON.stringify(background.statuses)} | ${result.breachJobs.dead} |`,
      '',
      `Jobs at the end (name, status, count, mean ms from run_at to finished): ${measured.jobsByName.map((j) => `${j.name} ${j.status} ${j.n} ${j.avg_done_after_ms ?? '-'}`).join('; ')}`,
      `Results: ${path.relative(repoRoot, file)}`,
    ].join('\n'),
  );
  await cleanup();
  if (result.breached !== result.clocks || result.duplicates !== 0) process.exitCode = 1;
}

main().catch(async (err) => {
  console.error(err);
  await cleanup(1);
});
