// The README's test command: the whole suite on embedded PGlite, then again on the PostgreSQL
// server (VIGIL_TEST_PG_URL, default postgres://postgres@127.0.0.1:5432/postgres).
import { spawnSync } from 'node:child_process';

const extra = process.argv.slice(2);
const runs = [
  { name: 'PGlite (embedded)', env: { VIGIL_TEST_DB: 'pglite' } },
  { name: 'PostgreSQL server', env: { VIGIL_TEST_DB: 'postgres' } },
];
const only = process.env.VIGIL_TEST_ONLY;
let failed = false;
for (const run of runs) {
  if (only && !run.env.VIGIL_TEST_DB.startsWith(only)) continue;
  console.log(`\n=== Vigil test suite on ${run.name} ===\n`);
  const r = spawnSync('npx', ['vitest', 'run', ...extra], { stdio: 'inherit', env: { ...process.env, ...run.env } });
  if (r.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
