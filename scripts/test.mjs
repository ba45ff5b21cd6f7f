// The README's test command: the whole suite on embedded PGlite, then again on the PostgreSQL
// server (VIGIL_TEST_PG_URL, default postgres://postgres@127.0.0.1:5432/postgres). Ends with one
// line "N passed, N failed, N skipped" over both runs.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const extra = process.argv.slice(2);
const runs = [
  { name: 'PGlite (embedded)', env: { VIGIL_TEST_DB: 'pglite' } },
  { name: 'PostgreSQL server', env: { VIGIL_TEST_DB: 'postgres' } },
];
const only = process.env.VIGIL_TEST_ONLY;
const totals = { passed: 0, failed: 0, skipped: 0 };
const dir = mkdtempSync(path.join(os.tmpdir(), 'vigil-test-report-'));
let failed = false;
for (const run of runs) {
  if (only && !run.env.VIGIL_TEST_DB.startsWith(only)) continue;
  console.log(`\n=== Vigil test suite on ${run.name} ===\n`);
  const report = path.join(dir, `${run.env.VIGIL_TEST_DB}.json`);
  const r = spawnSync('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...extra], {
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
    console.error(`no test report from the ${run.name} run`);
  }
}
rmSync(dir, { recursive: true, force: true });
console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(failed ? 1 : 0);
