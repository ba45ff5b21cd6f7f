// The markdown summary of a results object (also used to re-render a saved JSON file:
// node bench/lib/report.mjs bench/results/<file>.json).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const targets = {
  createRatioPostgres: 0.6,
  createP95Ms: 25,
  listP95Ms: 50,
  startupMs: 3000,
  idleMb: 250,
  memoryMb: 400,
};

const mark = (ok) => (ok ? ' ✅' : ' ❌');
/** A target check that fails when nothing was measured. */
const atMost = (value, limit) => mark(value !== null && value !== undefined && value <= limit);
const ms = (x) => (x === null || x === undefined ? '–' : `${x}`);

/** Markdown tables of everything measured in one run. */
export function renderMarkdown(r) {
  const s = r.system;
  const lines = [];
  lines.push(`## Vigil benchmarks, ${r.startedAt.slice(0, 16).replace('T', ' ')} UTC`);
  lines.push('');
  lines.push(
    `${s.cpus} cores (${s.cpuModel}), ${s.memGb} GB RAM, Node ${s.node}, ${s.postgres ? `PostgreSQL ${s.postgres.version} (synchronous_commit=${s.postgres.settings.synchronous_commit})` : 'no PostgreSQL run'}, PGlite ${s.versions.pglite}, commit ${s.commit}. ` +
      `Load average (1 min) at start ${r.load.start[0]}, at end ${r.load.end?.[0] ?? '–'}; run took ${r.durationS ?? '–'} s.`,
  );
  if (r.create) {
    lines.push('', '### create: POST an incident, concurrency ' + r.config.connections + `, ${r.config.durationS} s after ${r.config.warmupS} s warm-up, type ${(r.config.createTypes ?? ['it-outage']).join(', ')}`, '');
    lines.push('| database | server | req/s | p50 ms | p95 ms | p99 ms | non-2xx | errors | rows in db / acknowledged | load avg | Vigil / bare |');
    lines.push('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: |');
    for (const [db, c] of Object.entries(r.create)) {
      for (const [who, m] of [['Vigil', c.vigil], ['bare route', c.bare]]) {
        const ratio = who === 'Vigil' ? `${Math.round(c.ratio * 100)}%${db === 'postgres' ? mark(c.ratio !== null && c.ratio >= targets.createRatioPostgres) : ''}` : '';
        const p95 = who === 'Vigil' && db === 'postgres' ? `${ms(m.latencyMs.p95)}${atMost(m.latencyMs.p95, targets.createP95Ms)}` : ms(m.latencyMs.p95);
        lines.push(`| ${db} | ${who} | ${m.reqPerSec} | ${ms(m.latencyMs.p50)} | ${p95} | ${ms(m.latencyMs.p99)} | ${m.non2xx} | ${m.errors + m.timeouts} | ${m.rowsInDb} / ${m.acknowledged} | ${m.loadAvg1m} | ${ratio} |`);
      }
    }
    lines.push('', `Targets: PostgreSQL Vigil >= ${targets.createRatioPostgres * 100}% of the bare route, p95 <= ${targets.createP95Ms} ms.`);
    const pg = r.create.postgres;
    if (pg?.vigil.pgActivity) {
      const fmt = (a) => Object.entries(a.averageBackends).map(([k, v]) => `${k} ${v}`).join(', ');
      lines.push('', `PostgreSQL backends of the run's database, average per sample (pg_stat_activity every 250 ms): Vigil: ${fmt(pg.vigil.pgActivity)}; bare: ${pg.bare.pgActivity ? fmt(pg.bare.pgActivity) : '–'}.`);
      const waits = Object.entries(pg.vigil.pgActivity.waitingOnLocks ?? {});
      if (waits.length) lines.push('', `Vigil statements waiting on a lock (average backends): ${waits.map(([q, n]) => `\`${q}\` ${n}`).join('; ')}.`);
    }
  }
  if (r.list) {
    lines.push('', `### list: GET /api/v1/incidents (with total), concurrency 4, ${r.config.listDurationS} s after ${r.config.listWarmupS} s warm-up`, '');
    lines.push('| database | incidents | query | total | req/s | p50 ms | p95 ms | p99 ms | non-2xx | load avg |');
    lines.push('| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const [db, l] of Object.entries(r.list)) {
      for (const q of l.queries) {
        lines.push(`| ${db} | ${l.rows} | ${q.name} | ${q.total} | ${q.reqPerSec} | ${ms(q.latencyMs.p50)} | ${ms(q.latencyMs.p95)}${atMost(q.latencyMs.p95, targets.listP95Ms)} | ${ms(q.latencyMs.p99)} | ${q.non2xx} | ${q.loadAvg1m} |`);
      }
    }
    lines.push('', `Target: p95 <= ${targets.listP95Ms} ms (DESIGN.md states it at 1,000,000 incidents; measured here at ${Object.values(r.list)[0]?.rows}).`);
    lines.push('', '| database | bulk load | rows/s | index rebuild | start with data | RSS after the list run |');
    lines.push('| --- | ---: | ---: | ---: | ---: | ---: |');
    for (const [db, l] of Object.entries(r.list)) {
      lines.push(`| ${db} | ${(l.load.loadMs / 1000).toFixed(1)} s | ${l.load.rowsPerSec} | ${l.load.indexMs} ms | ${l.readyMs} ms | ${db === 'pglite' ? `${l.rssAfter.rssMb} MB (peak ${l.rssAfter.hwmMb})` : `${l.rssAfter.rssMb} MB (Node only)`} |`);
    }
  }
  if (r.startup) {
    const st = r.startup;
    lines.push('', '### startup: embedded, spawn until /readyz answers 200', '');
    lines.push('| case | runs (ms) | median | of which Node + tsx + imports | of which main() (database, migrations, boot, listen) |');
    lines.push('| --- | --- | ---: | ---: | ---: |');
    const runs = (c) => c.runs.map((x) => x.totalMs).join(', ');
    lines.push(`| existing data dir, ${st.existing.rows} incidents | ${runs(st.existing)} | ${st.existing.medianMs} ms${atMost(st.existing.medianMs, targets.startupMs)} | ${ms(st.existing.medianBootMs)} ms | ${ms(st.existing.medianMainMs)} ms |`);
    lines.push(`| first start, empty dir | ${runs(st.empty)} | ${st.empty.medianMs} ms | ${ms(st.empty.medianBootMs)} ms | ${ms(st.empty.medianMainMs)} ms |`);
    lines.push('', `Target: <= ${targets.startupMs} ms on existing data.`);
  }
  if (r.memory) {
    const m = r.memory;
    lines.push('', '### memory: embedded, VmRSS of the server process', '');
    lines.push('| case | RSS | peak (VmHWM) | child processes (esbuild) |');
    lines.push('| --- | ---: | ---: | ---: |');
    const kids = (x) => (x.childrenMb === null || x.childrenMb === undefined ? '–' : `${x.childrenMb} MB`);
    lines.push(`| idle 5 s after start, empty | ${m.idleEmpty.rssMb} MB${atMost(m.idleEmpty.rssMb, targets.idleMb)} | ${m.idleEmpty.hwmMb} MB | ${kids(m.idleEmpty)} |`);
    lines.push(`| idle 5 s after start, ${m.idleLoaded.rows} incidents | ${m.idleLoaded.rssMb} MB | ${m.idleLoaded.hwmMb} MB | ${kids(m.idleLoaded)} |`);
    lines.push(`| ${m.afterListing.rows} incidents, after ${m.afterListing.requests} list requests | ${m.afterListing.rssMb} MB${atMost(m.afterListing.rssMb, targets.memoryMb)} | ${m.afterListing.hwmMb} MB | ${kids(m.afterListing)} |`);
    if (m.bareIdle) lines.push(`| for comparison: bare route on PGlite, idle 5 s after start | ${m.bareIdle.rssMb} MB | ${m.bareIdle.hwmMb} MB | ${kids(m.bareIdle)} |`);
    if (m.vigilPostgresIdle) lines.push(`| for comparison: Vigil on PostgreSQL (no embedded database), idle 5 s after start | ${m.vigilPostgresIdle.rssMb} MB | ${m.vigilPostgresIdle.hwmMb} MB | ${kids(m.vigilPostgresIdle)} |`);
    lines.push('', `Targets: <= ${targets.memoryMb} MB with ${m.afterListing.rows} incidents; DESIGN.md: idle <= ${targets.idleMb} MB.`);
  }
  if (r.error) lines.push('', '**The run failed:**', '', '```', r.error, '```');
  return lines.join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(renderMarkdown(JSON.parse(readFileSync(process.argv[2], 'utf8'))));
}
