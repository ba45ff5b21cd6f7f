// The README's test command: the server suite on embedded PGlite, then again on the PostgreSQL
// server (VIGIL_TEST_PG_URL, default postgres://postgres@127.0.0.1:5432/postgres), then the web
// app's unit tests, then the browser tests (e2e/: built app, real server, Debian's Chromium).
// Ends with one line "N passed, N failed, N skipped" over all runs.
//   VIGIL_TEST_ONLY=pglite|postgres|web|e2e   run only the runs whose name starts with that
//   npm test -- <paths or vitest options>      passed to the server runs; paths under e2e/ or web/
//                                              select those runs instead
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const extra = process.argv.slice(2);
const paths = extra.filter((a) => !a.startsWith('-'));
const options = extra.filter((a) => a.startsWith('-'));
const under = (dir) => paths.filter((p) => p.startsWith(`${dir}/`) || p === dir);
const serverPaths = paths.filter((p) => !under('e2e').includes(p) && !under('web').includes(p));
/** With paths given, a run takes part only when some path belongs to it. */
const selected = (own) => paths.length === 0 || own.length > 0;

const runs = [
  { name: 'pglite', title: 'server suite on PGlite (embedded)', env: { VIGIL_TEST_DB: 'pglite' }, args: [...serverPaths, ...options], take: selected(serverPaths) },
  { name: 'postgres', title: 'server suite on the PostgreSQL server', env: { VIGIL_TEST_DB: 'postgres' }, args: [...serverPaths, ...options], take: selected(serverPaths) },
  { name: 'web', title: 'web app unit tests', env: {}, args: ['--config', 'web/vitest.config.ts', ...under('web'), ...options], take: selected(under('web')) },
  { name: 'e2e', title: 'browser tests (Chromium, built app, real server)', env: {}, args: ['--config', 'e2e/vitest.config.ts', ...under('e2e'), ...options], take: selected(under('e2e')) },
];
const only = process.env.VIGIL_TEST_ONLY;
const totals = { passed: 0, failed: 0, skipped: 0 };
const dir = mkdtempSync(path.join(os.tmpdir(), 'vigil-test-report-'));
let failed = false;
for (const run of runs) {
  if (only ? !run.name.startsWith(only) : !run.take) continue;
  console.log(`\n=== Vigil ${run.title} ===\n`);
  const report = path.join(dir, `${run.name}.json`);
  const r = spawnSync('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...run.args], {
    stdio: 'inherit',
    env: { ...process.env, ...run.env },
  });
  if (r.status !== 0) failed = true;
  try {
    const json = JSON.parse(readFileSync(report, 'utf8'));
    totals.passed += json.numPassedTests;
    totals.failed += json.numFailedTests;
    totals.skipped += json.numPendingTests + (json.numTodoTests ?? 0);
    if (json.numTotalTests === 0) failed = true;
  } catch {
    failed = true;
    totals.failed += 1;
    console.error(`no test report from the ${run.title} run`);
  }
}
rmSync(dir, { recursive: true, force: true });
console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(failed ? 1 : 0);
