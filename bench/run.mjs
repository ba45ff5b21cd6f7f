// Vigil benchmarks: `npm run bench -- [create] [list] [startup] [memory] [options]` (default: all).
// Starts real server processes on 127.0.0.1 with fresh data directories and fresh PostgreSQL
// databases, measures them, prints a markdown table and writes bench/results/<timestamp>.json.
// See bench/README.md for what each part does and the targets.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { pgClientDb, loadIncidents, customValues, rng } from './lib/dataset.mjs';
import { measure } from './lib/load.mjs';
import { createDatabase, dropAllCreated, dropDatabase, sampleActivity, serverInfo, withClient } from './lib/pgadmin.mjs';
import { killAll, readRss, repoRoot, round1, runNode, sleep, startServer } from './lib/proc.mjs';
import { renderMarkdown } from './lib/report.mjs';
import { api, prepareInstance, startInstance } from './lib/vigil.mjs';

const parts = ['create', 'list', 'startup', 'memory'];
const { values: opt, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    db: { type: 'string', default: 'pglite,postgres' },
    duration: { type: 'string', default: '15' },
    warmup: { type: 'string', default: '3' },
    connections: { type: 'string', default: '8' },
    'create-types': { type: 'string', default: 'it-outage' },
    rows: { type: 'string', default: '100000' },
    'list-duration': { type: 'string', default: '6' },
    'list-warmup': { type: 'string', default: '2' },
    'memory-rows': { type: 'string', default: '10000' },
    runs: { type: 'string', default: '3' },
    'no-analyze': { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    'time-limit': { type: 'string', default: '1800' },
    'wait-for-load': { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (opt.help) {
  console.log(readFileSync(new URL('./README.md', import.meta.url), 'utf8').split('\n## ')[1]);
  process.exit(0);
}
const selected = positionals.length ? positionals : parts;
for (const p of selected) if (!parts.includes(p)) throw new Error(`unknown benchmark "${p}"; choose from ${parts.join(', ')}`);
const dbs = opt.db.split(',').map((s) => s.trim());
for (const d of dbs) if (d !== 'pglite' && d !== 'postgres') throw new Error(`--db takes pglite and/or postgres, not ${d}`);
const num = (k) => {
  const n = Number(opt[k]);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${k} must be a positive number`);
  return n;
};
const cfg = {
  durationS: num('duration'),
  warmupS: Number(opt.warmup),
  connections: num('connections'),
  rows: num('rows'),
  listDurationS: num('list-duration'),
  listWarmupS: Number(opt['list-warmup']),
  memoryRows: num('memory-rows'),
  runs: num('runs'),
  analyze: !opt['no-analyze'],
  createTypes: opt['create-types'].split(',').map((t) => t.trim()).filter(Boolean),
};

const round2 = (x) => Math.round(x * 100) / 100;
const started = new Date();
const runId = started.toISOString().replace(/[-:T]/g, '').slice(0, 14);
const ctx = { runId, tmpRoot: mkdtempSync(path.join(os.tmpdir(), 'vigil-bench-')), embedded: new Map() };
const results = { startedAt: started.toISOString(), config: cfg, parts: selected, databases: dbs, system: systemInfo(), load: { start: os.loadavg().map(round2) } };
const log = (msg) => console.error(`[${((Date.now() - started.getTime()) / 1000).toFixed(0).padStart(4)} s] ${msg}`);

let limitTimer;
/** Hard limit on the measuring (after any --wait-for-load): stop every child, drop the databases, exit. */
function armTimeLimit() {
  limitTimer = setTimeout(() => {
    log(`time limit of ${opt['time-limit']} s reached: aborting`);
    void abort(3);
  }, Number(opt['time-limit']) * 1000);
  limitTimer.unref();
}
process.on('SIGINT', () => void abort(130));
process.on('SIGTERM', () => void abort(143));

let aborting = false;
async function abort(code) {
  if (aborting) return;
  aborting = true;
  killAll();
  await dropAllCreated();
  if (!opt.keep) rmSync(ctx.tmpRoot, { recursive: true, force: true });
  process.exit(code);
}

function systemInfo() {
  const mem = os.totalmem();
  let commit = null;
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repoRoot }).toString().trim();
  } catch {
    // not a git checkout
  }
  const pkg = (name) => {
    try {
      return JSON.parse(readFileSync(path.join(repoRoot, 'node_modules', name, 'package.json'), 'utf8')).version;
    } catch {
      return null;
    }
  };
  return {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? null,
    memGb: round1(mem / 2 ** 30),
    node: process.version,
    platform: `${os.type()} ${os.release()}`,
    commit,
    versions: { fastify: pkg('fastify'), kysely: pkg('kysely'), pg: pkg('pg'), pglite: pkg('@electric-sql/pglite'), autocannon: pkg('autocannon') },
  };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

// ---------------------------------------------------------------------------------------------
// create: POST /api/v1/incidents vs the bare route, per database

/** Request bodies for incident creation, round-robin over the types: varied levels and custom values valid for each type. */
function createBodies(types, count) {
  const r = rng(7);
  const levels = ['high', 'medium', 'low'];
  const bodies = [];
  for (let i = 0; i < count; i++) {
    const type = types[i % types.length];
    const impact = r.weighted([['high', 15], ['medium', 40], ['low', 45]]);
    const detected = new Date(Date.now() - r.int(1, 120) * 60_000).toISOString();
    bodies.push({
      type: type.key,
      title: `Benchmark: ${r.pick(['VPN', 'ERP', 'e-mail', 'web shop', 'payroll'])} degraded at ${r.pick(['Berlin', 'Hamburg', 'Munich'])} #${i}`,
      description: 'Users report timeouts when saving orders. Monitoring shows increased latency on the primary database since 09:40; the on-call engineer is investigating.',
      severity: r.pick(['critical', 'high', 'medium', 'low']),
      impact,
      urgency: r.pick(levels),
      businessAreas: [r.pick(['sales', 'finance', 'logistics'])],
      services: [r.pick(['vpn', 'erp', 'email', 'web-shop'])],
      detectedAt: detected,
      becameAwareAt: detected,
      custom: customValues(type.fields.filter((f) => f.required || f.kind === 'enum' || f.kind === 'number' || f.kind === 'boolean'), r, Date.now()),
    });
  }
  return bodies;
}

function postRequests(pathname, bodies, token) {
  let n = 0;
  const serialized = bodies.map((b) => JSON.stringify(b));
  return [
    {
      method: 'POST',
      path: pathname,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      setupRequest: (req) => {
        req.body = serialized[n++ % serialized.length];
        return req;
      },
    },
  ];
}

async function benchCreate() {
  const out = {};
  for (const kind of dbs) {
    log(`create/${kind}: preparing a fresh Vigil instance`);
    const inst = await prepareInstance(ctx, kind, 'create');
    let server = inst.server;
    let vigil;
    let bodies;
    try {
      const types = [];
      for (const key of cfg.createTypes) types.push(await api(server, inst, 'GET', `/api/v1/incident-types/${encodeURIComponent(key)}`));
      bodies = createBodies(types, 400);
      // One request first: a 4xx here means the body does not fit the API, not a slow server.
      await api(server, inst, 'POST', '/api/v1/incidents', bodies[0]);
      log(`create/${kind}: Vigil POST /api/v1/incidents, ${cfg.connections} connections, ${cfg.warmupS} s warm-up + ${cfg.durationS} s`);
      const activity = inst.dbName ? sampleActivity(inst.dbName) : null;
      vigil = await measure({ url: server.url, connections: cfg.connections, durationS: cfg.durationS, warmupS: cfg.warmupS, requests: postRequests('/api/v1/incidents', bodies, inst.token), title: `vigil-${kind}` });
      if (activity) vigil.pgActivity = await activity.stop();
      vigil.rss = readRss(server.pid);
      const total = (await api(server, inst, 'GET', '/api/v1/incidents?limit=1')).total;
      vigil.rowsInDb = total;
      vigil.acknowledged = 1 + vigil.ok + vigil.warmupOk;
    } finally {
      await server.stop();
    }
    if (inst.dbName) await dropDatabase(inst.dbName);

    log(`create/${kind}: bare Fastify route, same load`);
    const bareDir = path.join(ctx.tmpRoot, `bare-${kind}`);
    let bareDbName;
    let bareUrl;
    if (kind === 'postgres') {
      const db = await createDatabase(`${runId}_bare`);
      bareDbName = db.name;
      bareUrl = db.url;
    }
    server = await startServer({ kind: 'bare', dataDir: bareDir, databaseUrl: bareUrl });
    let bare;
    try {
      // The very same bodies, custom values included.
      const activity = bareDbName ? sampleActivity(bareDbName) : null;
      bare = await measure({ url: server.url, connections: cfg.connections, durationS: cfg.durationS, warmupS: cfg.warmupS, requests: postRequests('/incidents', bodies), title: `bare-${kind}` });
      if (activity) bare.pgActivity = await activity.stop();
      bare.rss = readRss(server.pid);
      const res = await fetch(server.url + '/count');
      bare.rowsInDb = (await res.json()).count;
      bare.acknowledged = bare.ok + bare.warmupOk;
    } finally {
      await server.stop();
    }
    if (bareDbName) await dropDatabase(bareDbName);
    out[kind] = { vigil, bare, ratio: bare.reqPerSec ? round2(vigil.reqPerSec / bare.reqPerSec) : null };
    log(`create/${kind}: Vigil ${vigil.reqPerSec}/s p95 ${vigil.latencyMs.p95} ms, bare ${bare.reqPerSec}/s, ratio ${out[kind].ratio}`);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// data sets: an instance with N bulk-loaded incidents (cached for the other parts)

async function loadedInstance(kind, rows) {
  const key = `${kind}-${rows}`;
  if (ctx.embedded.has(key)) return ctx.embedded.get(key);
  log(`data/${kind}: preparing an instance and loading ${rows} incidents`);
  const inst = await prepareInstance(ctx, kind, `n${rows}`);
  await inst.server.stop();
  let load;
  if (kind === 'postgres') {
    load = await withClient(inst.databaseUrl, async (client) => {
      let last = 0;
      const r = await loadIncidents(pgClientDb(client), {
        count: rows,
        onProgress: (n) => {
          if (n - last >= 20_000) {
            last = n;
            log(`  postgres: ${n} rows`);
          }
        },
      });
      if (cfg.analyze) {
        const t = performance.now();
        await client.query('vacuum (analyze)');
        r.analyzeMs = Math.round(performance.now() - t);
      }
      return r;
    });
  } else {
    const out = await runNode([path.join(repoRoot, 'bench/lib/pglite-load.mjs'), JSON.stringify({ dataDir: inst.dataDir, count: rows, seed: 42, analyze: cfg.analyze })], process.env, 900_000);
    load = JSON.parse(out.trim().split('\n').at(-1));
  }
  log(`data/${kind}: ${load.inserted} incidents in ${(load.loadMs / 1000).toFixed(1)} s (${load.rowsPerSec} rows/s, index rebuild ${load.indexMs} ms)`);
  const entry = { inst, load };
  ctx.embedded.set(key, entry);
  return entry;
}

/** The list queries: a triage queue, a team queue, recent outages, the unfiltered list, a search. */
async function listQueries(server, inst) {
  const teams = (await api(server, inst, 'GET', '/api/v1/incidents?stateCategory=active&stateCategory=new&stateCategory=waiting&limit=200')).items;
  const counts = new Map();
  for (const i of teams) if (i.team) counts.set(i.team.id, (counts.get(i.team.id) ?? 0) + 1);
  const team = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  const since = new Date(Date.now() - 90 * 86_400_000).toISOString().slice(0, 10);
  const q = [
    { name: 'active P1+P2, newest first', path: '/api/v1/incidents?stateCategory=active&priority=P1&priority=P2&sort=created&order=desc&limit=50' },
    ...(team ? [{ name: 'team queue (open), by priority', path: `/api/v1/incidents?teamId=${team}&stateCategory=new&stateCategory=active&stateCategory=waiting&sort=priority&limit=50` }] : []),
    { name: 'IT outages last 90 days, by update', path: `/api/v1/incidents?type=it-outage&createdFrom=${since}&sort=updated&limit=50` },
    { name: 'everything, newest first', path: '/api/v1/incidents?limit=50' },
    { name: 'full-text "database timeout"', path: '/api/v1/incidents?q=database%20timeout&limit=50' },
  ];
  // The second page of the first query, by its keyset cursor.
  const first = await api(server, inst, 'GET', q[0].path);
  if (first.nextCursor) q.splice(1, 0, { name: 'active P1+P2, page 2 (cursor)', path: `${q[0].path}&cursor=${encodeURIComponent(first.nextCursor)}` });
  for (const item of q) {
    const page = await api(server, inst, 'GET', item.path);
    item.total = page.total;
    item.items = page.items.length;
  }
  return q;
}

async function runListQueries(server, inst, durationS, warmupS) {
  const queries = await listQueries(server, inst);
  const out = [];
  for (const q of queries) {
    const m = await measure({ url: server.url, connections: 4, durationS, warmupS, requests: [{ method: 'GET', path: q.path, headers: { authorization: `Bearer ${inst.token}` } }], title: q.name });
    out.push({ name: q.name, path: q.path, total: q.total, items: q.items, ...m });
    log(`  ${q.name}: total ${q.total}, ${m.reqPerSec}/s, p50 ${m.latencyMs.p50} p95 ${m.latencyMs.p95} p99 ${m.latencyMs.p99} ms`);
  }
  return out;
}

async function benchList() {
  const out = {};
  for (const kind of dbs) {
    const { inst, load } = await loadedInstance(kind, cfg.rows);
    const server = await startInstance(inst);
    try {
      log(`list/${kind}: ${cfg.rows} incidents, ready in ${Math.round(server.readyMs)} ms; concurrency 4, ${cfg.listWarmupS} s + ${cfg.listDurationS} s per query`);
      const queries = await runListQueries(server, inst, cfg.listDurationS, cfg.listWarmupS);
      out[kind] = { rows: cfg.rows, load, readyMs: Math.round(server.readyMs), queries, rssAfter: readRss(server.pid) };
    } finally {
      await server.stop();
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// startup: embedded start-to-ready, existing data and empty directory

/**
 * One start of an embedded instance at log level info, to read the server's own "Vigil is ready"
 * readyMs (measured from main(), i.e. after Node, tsx and the module graph have loaded).
 */
async function timedStart(dataDir) {
  const server = await startServer({ dataDir, env: { LOG_LEVEL: 'info' } });
  // The server logs "Vigil is ready" just after listen(), so /readyz may answer before the line is out.
  for (let i = 0; i < 100 && !server.output().includes('"readyMs"'); i++) await sleep(20);
  const m = /"readyMs":(\d+)/.exec(server.output());
  const mainMs = m ? Number(m[1]) : null;
  const result = { totalMs: Math.round(server.readyMs), mainMs, bootMs: mainMs === null ? null : Math.round(server.readyMs) - mainMs, rss: readRss(server.pid) };
  await server.stop();
  return result;
}

async function benchStartup() {
  const existing = ctx.embedded.get(`pglite-${cfg.rows}`) ?? (await loadedInstance('pglite', cfg.memoryRows));
  const rows = existing.load.inserted;
  const runs = [];
  for (let i = 0; i < cfg.runs; i++) {
    runs.push(await timedStart(existing.inst.dataDir));
    const r = runs.at(-1);
    log(`startup: existing data (${rows} incidents) run ${i + 1}: ${r.totalMs} ms (Node+tsx+imports ${r.bootMs} ms, main() ${r.mainMs} ms), RSS ${r.rss.rssMb} MB`);
  }
  const empty = [];
  for (let i = 0; i < cfg.runs; i++) {
    const dir = path.join(ctx.tmpRoot, `empty-${i}`);
    empty.push(await timedStart(dir));
    rmSync(dir, { recursive: true, force: true });
    const r = empty.at(-1);
    log(`startup: first start on an empty directory, run ${i + 1}: ${r.totalMs} ms (Node+tsx+imports ${r.bootMs} ms, main() ${r.mainMs} ms)`);
  }
  const summary = (xs) => ({ runs: xs, medianMs: median(xs.map((x) => x.totalMs)), medianBootMs: xs.every((x) => x.bootMs !== null) ? median(xs.map((x) => x.bootMs)) : null, medianMainMs: xs.every((x) => x.mainMs !== null) ? median(xs.map((x) => x.mainMs)) : null });
  return { existing: { rows, ...summary(runs) }, empty: summary(empty) };
}

// ---------------------------------------------------------------------------------------------
// memory: embedded RSS idle, and with N incidents after serving list pages

async function benchMemory() {
  const out = {};
  // Idle: a second start of an initialised, empty instance, left alone for 5 s.
  const idleInst = await prepareInstance(ctx, 'pglite', 'idle');
  await idleInst.server.stop();
  let server = await startInstance(idleInst);
  await sleep(5000);
  out.idleEmpty = readRss(server.pid);
  await server.stop();
  log(`memory: idle, empty instance: RSS ${out.idleEmpty.rssMb} MB`);

  // For comparison: the bare route on PGlite (PGlite + Fastify + zod + Kysely, nothing else) and Vigil on
  // PostgreSQL (Vigil's Node side without an embedded database), both idle 5 s after start.
  // Second start, as for Vigil above: the first one unpacks the template and creates the table.
  await (await startServer({ kind: 'bare', dataDir: path.join(ctx.tmpRoot, 'bare-idle') })).stop();
  server = await startServer({ kind: 'bare', dataDir: path.join(ctx.tmpRoot, 'bare-idle') });
  await sleep(5000);
  out.bareIdle = readRss(server.pid);
  await server.stop();
  log(`memory: idle bare route on PGlite: RSS ${out.bareIdle.rssMb} MB`);
  if (dbs.includes('postgres')) {
    const pgInst = await prepareInstance(ctx, 'postgres', 'idle');
    await pgInst.server.stop();
    server = await startInstance(pgInst);
    await sleep(5000);
    out.vigilPostgresIdle = readRss(server.pid);
    await server.stop();
    await dropDatabase(pgInst.dbName);
    log(`memory: idle Vigil on PostgreSQL (no embedded database): RSS ${out.vigilPostgresIdle.rssMb} MB`);
  }

  const { inst } = await loadedInstance('pglite', cfg.memoryRows);
  server = await startInstance(inst);
  try {
    await sleep(5000);
    out.idleLoaded = { rows: cfg.memoryRows, ...readRss(server.pid) };
    log(`memory: idle with ${cfg.memoryRows} incidents: RSS ${out.idleLoaded.rssMb} MB`);
    const queries = await runListQueries(server, inst, 3, 1);
    out.afterListing = { rows: cfg.memoryRows, requests: queries.reduce((n, q) => n + q.requests + q.warmupRequests, 0), ...readRss(server.pid) };
    log(`memory: with ${cfg.memoryRows} incidents after ${out.afterListing.requests} list requests: RSS ${out.afterListing.rssMb} MB (peak ${out.afterListing.hwmMb} MB)`);
  } finally {
    await server.stop();
  }
  return out;
}

// ---------------------------------------------------------------------------------------------

/** --wait-for-load N: wait (at most 15 minutes) until the 1-minute load average is below N. */
async function waitForLoad(max) {
  const deadline = Date.now() + 15 * 60_000;
  while (os.loadavg()[0] >= max && Date.now() < deadline) {
    log(`waiting for the load average (${os.loadavg()[0].toFixed(2)}) to drop below ${max}`);
    await sleep(30_000);
  }
  results.load.start = os.loadavg().map(round2);
}

try {
  if (opt['wait-for-load']) await waitForLoad(Number(opt['wait-for-load']));
  armTimeLimit();
  if (dbs.includes('postgres')) results.system.postgres = await serverInfo();
  log(`Vigil benchmarks: ${selected.join(', ')} on ${dbs.join(', ')}; ${results.system.cpus} cores, load ${results.load.start.join(' ')}`);
  if (selected.includes('create')) results.create = await benchCreate();
  if (selected.includes('list')) results.list = await benchList();
  if (selected.includes('startup')) results.startup = await benchStartup();
  if (selected.includes('memory')) results.memory = await benchMemory();
} catch (err) {
  results.error = err instanceof Error ? err.stack : String(err);
  log(`FAILED: ${results.error}`);
  process.exitCode = 1;
} finally {
  killAll();
  await dropAllCreated();
  if (!opt.keep) rmSync(ctx.tmpRoot, { recursive: true, force: true });
  else log(`kept data directories in ${ctx.tmpRoot}`);
}
results.finishedAt = new Date().toISOString();
results.load.end = os.loadavg().map(round2);
results.durationS = Math.round((Date.now() - started.getTime()) / 1000);
const dir = path.join(repoRoot, 'bench/results');
mkdirSync(dir, { recursive: true });
const file = path.join(dir, `${started.toISOString().replace(/[:.]/g, '-')}.json`);
writeFileSync(file, JSON.stringify(results, null, 2) + '\n');
console.log(renderMarkdown(results));
console.log(`\nresults: ${path.relative(repoRoot, file)}`);
clearTimeout(limitTimer);
process.exit(process.exitCode ?? 0);
