// Escalation step precision on PostgreSQL: `node bench/escalation.mjs [options]`.
// Starts Vigil against a fresh PostgreSQL database, makes an escalation policy (level 1 and level 2
// page the administrator, 1 minute apart), creates N incidents through the API and starts the policy
// on each as fast as it can (so N level-2 steps fall due within a few seconds), keeps a background load
// of list reads and creates running, and measures for every step the time from its due instant to
// when it ran: the step writes `lateByMs` (ran at minus due at, both from the server clock) into its
// `escalation.step` / `escalation.stopped` event. Counts steps and pages per escalation and level
// (exactly one each). See bench/README.md, section "Escalation steps".
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
    escalations: { type: 'string', default: '300' },
    'create-connections': { type: 'string', default: '8' },
    'load-connections': { type: 'string', default: '2' },
    workers: { type: 'string', default: '0' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (opt.help) {
  console.log(`node bench/escalation.mjs [--escalations 300] [--create-connections 8] [--load-connections 2] [--workers 0]
  --escalations         incidents created, each with the policy started on it (level 2 due 1 minute after level 1)
  --create-connections  parallel creates and starts while setting up
  --load-connections    background load during the steps: this many list readers and half as many creators
  --workers             extra worker-only processes (VIGIL_ROLE=worker) besides the server's own worker`);
  process.exit(0);
}
const cfg = {
  escalations: Number(opt.escalations),
  createConnections: Number(opt['create-connections']),
  loadConnections: Number(opt['load-connections']),
  workers: Number(opt.workers),
};
const TARGET_P99_MS = 2000;

const started = new Date();
const runId = started.toISOString().replace(/[-:T]/g, '').slice(0, 14);
const ctx = { runId, tmpRoot: mkdtempSync(path.join(os.tmpdir(), 'vigil-bench-escalation-')) };
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

/** Creates n incidents and starts the policy on each, `connections` at a time. */
async function createEscalations(server, inst, n, connections, policyId) {
  let next = 0;
  const one = async () => {
    while (next < n) {
      const i = next++;
      const incident = await api(server, inst, 'POST', '/api/v1/incidents', { type: 'it-outage', title: `Escalation bench ${i}`, impact: 'low', urgency: 'low' });
      await api(server, inst, 'POST', `/api/v1/incidents/${incident.id}/escalations`, { policyId });
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

async function escalationState(dbUrl) {
  return withClient(dbUrl, async (c) => {
    const r = await c.query(`select count(*)::int as n, count(*) filter (where state = 'exhausted')::int as exhausted, count(*) filter (where level >= 1)::int as past_level_1 from escalations`);
    return r.rows[0];
  });
}

async function main() {
  log('preparing a fresh Vigil instance on PostgreSQL');
  const inst = await prepareInstance(ctx, 'postgres', 'escalation');
  const server = inst.server;
  const pg = await serverInfo();
  const me = await api(server, inst, 'GET', '/api/v1/me');
  const teams = await api(server, inst, 'GET', '/api/v1/teams');
  const team = (teams.items ?? teams).find((t) => t.slug === 'it-operations');
  const policy = await api(server, inst, 'POST', '/api/v1/escalation-policies', {
    teamId: team.id,
    name: 'Bench',
    levels: [
      { delayMinutes: 1, targets: [{ kind: 'user', id: me.user.id }] },
      { delayMinutes: 1, targets: [{ kind: 'user', id: me.user.id }] },
    ],
    repeatCount: 0,
  });
  const workers = [];
  for (let i = 0; i < cfg.workers; i++) {
    const dir = path.join(ctx.tmpRoot, `worker-${i}`);
    mkdirSync(dir, { recursive: true });
    workers.push(await startWorkerProcess(dir, inst.databaseUrl));
  }

  log(`creating ${cfg.escalations} incidents and starting the policy on each`);
  const createStarted = Date.now();
  await createEscalations(server, inst, cfg.escalations, cfg.createConnections, policy.id);
  const createS = (Date.now() - createStarted) / 1000;
  log(`created and started in ${createS.toFixed(1)} s; level 2 falls due one minute after each level 1`);

  const load = backgroundLoad(server, inst);
  const loadSamples = [];
  const sampler = setInterval(() => loadSamples.push(os.loadavg()[0]), 1000);
  const deadline = Date.now() + 300_000;
  let last = -1;
  for (;;) {
    const s = await escalationState(inst.databaseUrl);
    if (s.exhausted !== last) log(`exhausted: ${s.exhausted} of ${s.n}`);
    last = s.exhausted;
    if (s.exhausted === s.n || Date.now() > deadline) break;
    await sleep(1000);
  }
  const background = await load.stop();
  clearInterval(sampler);

  const measured = await withClient(inst.databaseUrl, async (c) => {
    const events = await c.query(`
      select data->>'escalationId' as escalation_id, type, coalesce((data->>'level')::int, 0) as level, (data->>'lateByMs')::int as late_ms
        from timeline_events where type in ('escalation.step', 'escalation.stopped')`);
    const pages = await c.query(`select count(*)::int as n, count(distinct (escalation_id, level, repeat, user_id))::int as distinct_pages from escalation_pages`);
    const notified = await c.query(`select count(*)::int as n, count(distinct dedupe_key)::int as distinct_keys from notifications`);
    const jobs = await c.query(`select count(*) filter (where status = 'dead')::int as dead, max(attempts)::int as max_attempts from jobs where name in ('escalation.step', 'notifications.dispatch')`);
    return { events: events.rows, pages: pages.rows[0], notified: notified.rows[0], jobs: jobs.rows[0] };
  });
  for (const w of workers) await w.stop();
  await server.stop();
  await dropDatabase(inst.dbName);

  const perStep = new Map();
  for (const e of measured.events) {
    const key = `${e.escalation_id}/${e.type}/${e.level}`;
    perStep.set(key, (perStep.get(key) ?? 0) + 1);
  }
  // Level 1 is due at the start (its lateness includes the create burst's queue); level 2 and the end are true timers.
  const timers = measured.events.filter((e) => (e.type === 'escalation.step' && e.level === 2) || e.type === 'escalation.stopped');
  const lates = timers.map((e) => e.late_ms).sort((a, b) => a - b);
  const firstPages = measured.events.filter((e) => e.type === 'escalation.step' && e.level === 1).map((e) => e.late_ms).sort((a, b) => a - b);
  const pct = (list, p) => (list.length ? list[Math.min(list.length - 1, Math.ceil((p / 100) * list.length) - 1)] : null);
  const result = {
    startedAt: started.toISOString(),
    config: cfg,
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? null, memGb: Math.round((os.totalmem() / 2 ** 30) * 10) / 10, node: process.version, postgres: pg },
    setup: { createS: Math.round(createS * 10) / 10 },
    escalations: cfg.escalations,
    timerSteps: lates.length,
    duplicates: [...perStep.values()].filter((n) => n > 1).length,
    lateMs: { p50: pct(lates, 50), p95: pct(lates, 95), p99: pct(lates, 99), max: lates.at(-1) ?? null, min: lates[0] ?? null },
    firstPageMs: { p50: pct(firstPages, 50), p99: pct(firstPages, 99), max: firstPages.at(-1) ?? null },
    pages: measured.pages,
    notifications: measured.notified,
    jobs: measured.jobs,
    background,
    loadAvg1m: loadSamples.length ? Math.round((loadSamples.reduce((a, b) => a + b, 0) / loadSamples.length) * 100) / 100 : null,
  };
  mkdirSync(path.join(repoRoot, 'bench/results'), { recursive: true });
  const file = path.join(repoRoot, 'bench/results', `escalation-${runId}.json`);
  writeFileSync(file, JSON.stringify(result, null, 2));
  const ok = result.lateMs.p99 !== null && result.lateMs.p99 <= TARGET_P99_MS;
  console.log(
    [
      `## escalation steps, ${result.startedAt.slice(0, 16).replace('T', ' ')} UTC${cfg.workers ? ` (+${cfg.workers} worker processes)` : ''}`,
      '',
      `${result.machine.cpus} cores (${result.machine.cpuModel}), Node ${result.machine.node}, PostgreSQL ${pg.version}; load average ${result.loadAvg1m}.`,
      '',
      '| escalations | timed steps | duplicates | due to ran p50 / p95 / p99 / max ms | first page p50 / p99 ms | pages (distinct) | notifications (distinct keys) | background requests (p95 ms) | dead jobs |',
      '| ---: | ---: | ---: | --- | --- | --- | --- | --- | ---: |',
      `| ${result.escalations} | ${result.timerSteps} | ${result.duplicates} | ${result.lateMs.p50} / ${result.lateMs.p95} / ${result.lateMs.p99}${ok ? ' ✅' : ' ❌'} / ${result.lateMs.max} | ${result.firstPageMs.p50} / ${result.firstPageMs.p99} | ${result.pages.n} (${result.pages.distinct_pages}) | ${result.notifications.n} (${result.notifications.distinct_keys}) | ${background.requests} (${background.latencyMs.p95}) ${JSON.stringify(background.statuses)} | ${result.jobs.dead} |`,
      '',
      `Results: ${path.relative(repoRoot, file)}`,
    ].join('\n'),
  );
  await cleanup();
  const complete = result.timerSteps === 2 * result.escalations && result.pages.n === 2 * result.escalations && result.notifications.n === 2 * result.escalations;
  if (!complete || result.duplicates !== 0 || result.pages.n !== result.pages.distinct_pages || result.notifications.n !== result.notifications.distinct_keys) process.exitCode = 1;
}

main().catch(async (err) => {
  console.error(err);
  await cleanup(1);
});
