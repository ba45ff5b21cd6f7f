// Alert ingest throughput on PostgreSQL: `node bench/alert-ingest.mjs [options]`.
// Starts Vigil against a fresh PostgreSQL database, creates a PagerDuty integration, fires PagerDuty
// Events v2 triggers at POST /v2/enqueue with autocannon (a mix of new dedup keys and repeats),
// waits until the job worker has processed every stored event, and counts: events accepted (202)
// vs stored (0 lost), alerts and incidents vs distinct accepted dedup keys (0 duplicates).
// See bench/README.md, section "alert ingest".
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { dropAllCreated, dropDatabase, sampleActivity, serverInfo, withClient } from './lib/pgadmin.mjs';
import { cleanEnv, killAll, readRss, repoRoot, sleep, startServer, vigilBin } from './lib/proc.mjs';
import { api, prepareInstance } from './lib/vigil.mjs';

const { values: opt } = parseArgs({
  options: {
    duration: { type: 'string', default: '20' },
    warmup: { type: 'string', default: '3' },
    connections: { type: 'string', default: '128' },
    'new-share': { type: 'string', default: '0.25' },
    split: { type: 'boolean', default: false },
    'accept-only': { type: 'boolean', default: false },
    'drain-timeout': { type: 'string', default: '900' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (opt.help) {
  console.log(`node bench/alert-ingest.mjs [--duration 20] [--warmup 3] [--connections 128] [--new-share 0.25] [--split] [--drain-timeout 900]
  --new-share  share of events that bring a new dedup key; the rest repeat a key already sent
  --split        one web process (VIGIL_ROLE=web) and one worker process (VIGIL_ROLE=worker) instead of one process doing both
  --accept-only  a web process while firing; the worker process starts only afterwards (accepting and processing measured apart)`);
  process.exit(0);
}
const cfg = {
  durationS: Number(opt.duration),
  warmupS: Number(opt.warmup),
  connections: Number(opt.connections),
  newShare: Number(opt['new-share']),
  split: opt.split,
  acceptOnly: opt['accept-only'],
  drainTimeoutS: Number(opt['drain-timeout']),
};
const TARGET_PER_S = 2000;

const started = new Date();
const runId = started.toISOString().replace(/[-:T]/g, '').slice(0, 14);
const ctx = { runId, tmpRoot: mkdtempSync(path.join(os.tmpdir(), 'vigil-bench-alerts-')) };
const log = (msg) => console.error(`[${((Date.now() - started.getTime()) / 1000).toFixed(0).padStart(4)} s] ${msg}`);
const servers = [];
let workerChild = null;

async function cleanup(code) {
  killAll();
  if (workerChild && workerChild.exitCode === null) workerChild.kill('SIGKILL');
  await dropAllCreated();
  rmSync(ctx.tmpRoot, { recursive: true, force: true });
  if (code !== undefined) process.exit(code);
}
process.on('SIGINT', () => void cleanup(130));
process.on('SIGTERM', () => void cleanup(143));

/** PagerDuty trigger bodies; the n-th event brings a new dedup key with probability newShare, else repeats an earlier one. */
function eventSource(routingKey, newShare) {
  let keys = 0;
  let seed = 12345;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  return () => {
    const fresh = keys === 0 || random() < newShare;
    const key = fresh ? `bench-${keys++}` : `bench-${Math.floor(random() * keys)}`;
    const body = JSON.stringify({
      routing_key: routingKey,
      event_action: 'trigger',
      dedup_key: key,
      payload: {
        summary: `Latency above SLO on checkout-${key}`,
        source: `web-${key.length}.prod.example.com`,
        severity: ['critical', 'error', 'warning', 'info'][key.length % 4],
        component: 'checkout',
        group: 'web',
        class: 'latency',
        custom_details: { p95_ms: 2400, region: 'eu-central-1' },
      },
      client: 'bench',
    });
    return { key, body };
  };
}

/** Fires events for warm-up + duration; returns the 202 count per dedup key of the measured phase and the latencies. */
async function fire(url, routingKey) {
  const next = eventSource(routingKey, cfg.newShare);
  const accepted = new Map();
  const statuses = {};
  const latencies = [];
  let measuring = cfg.warmupS === 0;
  const run = (durationS, record) =>
    new Promise((resolve, reject) => {
      const instance = autocannon(
        {
          url,
          connections: cfg.connections,
          duration: durationS,
          timeout: 10,
          requests: [
            {
              method: 'POST',
              path: '/v2/enqueue',
              headers: { 'content-type': 'application/json' },
              setupRequest: (req, context) => {
                const e = next();
                context.key = e.key;
                req.body = e.body;
                return req;
              },
              onResponse: (status, _body, context) => {
                statuses[status] = (statuses[status] ?? 0) + 1;
                if (status === 202) accepted.set(context.key, (accepted.get(context.key) ?? 0) + 1);
              },
            },
          ],
        },
        (err, result) => (err ? reject(err) : resolve(result)),
      );
      if (record) instance.on('response', (_c, _s, _b, ms) => latencies.push(ms));
    });
  if (cfg.warmupS > 0) {
    log(`warm-up: ${cfg.warmupS} s at ${cfg.connections} connections`);
    await run(cfg.warmupS, false);
    measuring = true;
  }
  const warmupAccepted = [...accepted.values()].reduce((a, b) => a + b, 0);
  const warmupStatuses = { ...statuses };
  log(`measuring: ${cfg.durationS} s at ${cfg.connections} connections`);
  const t0 = performance.now();
  const result = await run(cfg.durationS, measuring);
  const elapsedS = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p) => (latencies.length ? Math.round(latencies[Math.min(latencies.length - 1, Math.ceil((p / 100) * latencies.length) - 1)] * 100) / 100 : null);
  const total202 = [...accepted.values()].reduce((a, b) => a + b, 0);
  const measured202 = total202 - warmupAccepted;
  const measuredStatuses = Object.fromEntries(Object.entries(statuses).map(([s, n]) => [s, n - (warmupStatuses[s] ?? 0)]));
  return {
    accepted,
    total202,
    measured202,
    elapsedS: Math.round(elapsedS * 10) / 10,
    acceptedPerS: Math.round((measured202 / cfg.durationS) * 10) / 10,
    statuses: measuredStatuses,
    errors: result.errors,
    timeouts: result.timeouts,
    latencyMs: { p50: pct(50), p95: pct(95), p99: pct(99), max: latencies.at(-1) ?? null },
  };
}

/** A worker-only process (no HTTP): ready once it logs that its job worker started. */
function startWorkerProcess(dataDir, databaseUrl) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [vigilBin, 'start'], {
      cwd: repoRoot,
      env: cleanEnv({ VIGIL_ROLE: 'worker', VIGIL_DATA_DIR: dataDir, DATABASE_URL: databaseUrl, LOG_LEVEL: 'info' }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    workerChild = child;
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

async function waitForProcessing(dbUrl, since) {
  const deadline = Date.now() + cfg.drainTimeoutS * 1000;
  let last = null;
  for (;;) {
    const row = await withClient(dbUrl, (c) => c.query(`select count(*) filter (where status = 'pending')::int as pending, count(*)::int as total from alert_events`));
    const { pending, total } = row.rows[0];
    if (pending !== last) log(`processing: ${total - pending} of ${total} events done`);
    last = pending;
    if (pending === 0) return { drainedS: Math.round((Date.now() - since) / 100) / 10, total };
    if (Date.now() > deadline) return { drainedS: null, total, pending };
    await sleep(1000);
  }
}

async function count(dbUrl, integrationId, accepted) {
  const keys = [...accepted.keys()];
  const counts = keys.map((k) => accepted.get(k));
  return withClient(dbUrl, async (c) => {
    const one = async (q, params = []) => (await c.query(q, params)).rows[0];
    // Lost: a dedup key answered 202 n times must have at least n stored events.
    const lost = await one(
      `select coalesce(sum(greatest(a.n - coalesce(e.n, 0), 0)), 0)::int as lost
         from unnest($1::text[], $2::int[]) as a(key, n)
         left join (select stream_key, count(*)::int as n from alert_events where integration_id = $3 group by stream_key) e on e.stream_key = a.key`,
      [keys, counts, integrationId],
    );
    const events = await one(`select count(*)::int as n, count(*) filter (where status = 'failed')::int as failed, count(distinct stream_key)::int as keys from alert_events where integration_id = $1`, [integrationId]);
    const alerts = await one(`select count(*)::int as n, count(distinct dedup_key)::int as keys, count(distinct incident_id)::int as incidents, count(*) filter (where incident_id is null)::int as unlinked from alerts where integration_id = $1`, [integrationId]);
    const incidents = await one(`select count(*)::int as n from incidents where source = 'alert'`);
    const dupAlerts = await one(`select count(*)::int as n from (select dedup_key from alerts where integration_id = $1 group by dedup_key having count(*) > 1) d`, [integrationId]);
    const history = await one(`select count(*)::int as n from alert_history h join alerts a on a.id = h.alert_id where a.integration_id = $1`, [integrationId]);
    const jobs = await one(`select count(*) filter (where status = 'dead')::int as dead, count(*) filter (where status <> 'done')::int as open, max(attempts)::int as max_attempts from jobs where name = 'alerts.process'`);
    return { lost: lost.lost, events, alerts, incidents: incidents.n, duplicateAlerts: dupAlerts.n, historyEntries: history.n, jobs };
  });
}

async function main() {
  log('preparing a fresh Vigil instance on PostgreSQL');
  const inst = await prepareInstance(ctx, 'postgres', 'alerts');
  let server = inst.server;
  servers.push(server);
  const pg = await serverInfo();
  const integration = await api(server, inst, 'POST', '/api/v1/integrations', { kind: 'pagerduty', name: 'bench', type: 'it-outage', rateLimitPerMinute: 1_000_000 });
  let worker = null;
  if (cfg.split || cfg.acceptOnly) {
    await server.stop();
    servers.length = 0;
    server = await startServer({ dataDir: inst.dataDir, databaseUrl: inst.databaseUrl, env: { VIGIL_ROLE: 'web' } });
    servers.push(server);
    const workerDir = path.join(ctx.tmpRoot, 'worker');
    mkdirSync(workerDir, { recursive: true });
    if (cfg.split) worker = await startWorkerProcess(workerDir, inst.databaseUrl);
  }
  const activity = sampleActivity(inst.dbName);
  const load = [];
  const sampler = setInterval(() => load.push(os.loadavg()[0]), 1000);
  const firedAt = Date.now();
  const fired = await fire(server.url, integration.key);
  const pgActivity = await activity.stop();
  log(`accepted ${fired.measured202} events in ${cfg.durationS} s (${fired.acceptedPerS}/s), p95 ${fired.latencyMs.p95} ms; waiting for processing`);
  const drainFrom = cfg.acceptOnly ? Date.now() : firedAt;
  if (cfg.acceptOnly) worker = await startWorkerProcess(path.join(ctx.tmpRoot, 'worker'), inst.databaseUrl);
  const drained = await waitForProcessing(inst.databaseUrl, drainFrom);
  clearInterval(sampler);
  const counted = await count(inst.databaseUrl, integration.id, fired.accepted);
  const rss = readRss(server.pid);
  for (const s of servers) await s.stop();
  if (worker) await worker.stop();
  await dropDatabase(inst.dbName);

  const distinctKeys = fired.accepted.size;
  const result = {
    startedAt: started.toISOString(),
    config: cfg,
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? null, memGb: Math.round((os.totalmem() / 2 ** 30) * 10) / 10, node: process.version, postgres: pg },
    accepted: { perS: fired.acceptedPerS, measured: fired.measured202, total: fired.total202, distinctKeys, statuses: fired.statuses, errors: fired.errors, timeouts: fired.timeouts, latencyMs: fired.latencyMs },
    processing: { drainedS: drained.drainedS, eventsPerS: drained.drainedS ? Math.round(drained.total / drained.drainedS) : null, pending: drained.pending ?? 0 },
    counted,
    checks: {
      target: fired.acceptedPerS >= TARGET_PER_S,
      lost: counted.lost,
      duplicateAlerts: counted.duplicateAlerts,
      // Every distinct dedup key is one alert and one incident; repeats add history, nothing else.
      duplicateIncidents: counted.incidents - counted.alerts.keys,
      alertsPerKey: counted.alerts.keys === counted.events.keys,
      failedEvents: counted.events.failed,
      deadJobs: counted.jobs.dead,
    },
    pgActivity,
    serverRssMb: rss.rssMb,
    loadAvg1m: load.length ? Math.round((load.reduce((a, b) => a + b, 0) / load.length) * 100) / 100 : null,
  };
  mkdirSync(path.join(repoRoot, 'bench/results'), { recursive: true });
  const file = path.join(repoRoot, 'bench/results', `alert-ingest-${runId}.json`);
  writeFileSync(file, JSON.stringify(result, null, 2));
  const c = result.checks;
  console.log(
    [
      `## alert ingest, ${result.startedAt.slice(0, 16).replace('T', ' ')} UTC, ${cfg.acceptOnly ? 'web process while firing, worker process afterwards' : cfg.split ? 'web and worker processes' : 'one process'}, ${cfg.connections} connections`,
      '',
      `${result.machine.cpus} cores (${result.machine.cpuModel}), Node ${result.machine.node}, PostgreSQL ${pg.version} (synchronous_commit=${pg.settings.synchronous_commit}); load average ${result.loadAvg1m}.`,
      '',
      '| accepted/s | p50 / p95 / p99 ms | 202 (measured / all) | other answers | distinct keys | stored events | lost | alerts | incidents | duplicate incidents | processed in | failed | dead jobs |',
      '| ---: | --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: |',
      `| ${result.accepted.perS}${c.target ? ' ✅' : ' ❌'} | ${fired.latencyMs.p50} / ${fired.latencyMs.p95} / ${fired.latencyMs.p99} | ${fired.measured202} / ${fired.total202} | ${JSON.stringify(Object.fromEntries(Object.entries(fired.statuses).filter(([s]) => s !== '202')))} (errors ${fired.errors}, timeouts ${fired.timeouts}) | ${distinctKeys} | ${counted.events.n} | ${c.lost}${c.lost === 0 ? ' ✅' : ' ❌'} | ${counted.alerts.n} | ${counted.incidents} | ${c.duplicateIncidents}${c.duplicateIncidents === 0 && c.duplicateAlerts === 0 ? ' ✅' : ' ❌'} | ${drained.drainedS ?? `> ${cfg.drainTimeoutS}`} s (${result.processing.eventsPerS ?? '–'} events/s) | ${c.failedEvents} | ${c.deadJobs} |`,
      '',
      `PostgreSQL backends during the load (average): ${JSON.stringify(pgActivity.averageBackends)}; waiting on locks: ${JSON.stringify(pgActivity.waitingOnLocks)}.`,
      `Results: ${path.relative(repoRoot, file)}`,
    ].join('\n'),
  );
  await cleanup();
  if (!c.alertsPerKey || c.lost !== 0 || c.duplicateIncidents !== 0 || c.duplicateAlerts !== 0) process.exitCode = 1;
}

main().catch(async (err) => {
  console.error(err);
  await cleanup(1);
});
