// Child process: bulk-loads incidents into a stopped embedded instance's data directory through the
// project's own openDatabase (PGlite + its Kysely dialect), then ANALYZEs and closes it.
// Usage: node bench/lib/pglite-load.mjs '{"dataDir": "...", "count": 100000, "seed": 42, "analyze": true}'
import { CompiledQuery } from 'kysely';
import { register } from 'tsx/esm/api';
import { loadIncidents } from './dataset.mjs';

register();
const { openDatabase } = await import('../../server/src/db/client.ts');
const opts = JSON.parse(process.argv[2]);
const database = await openDatabase({ dataDir: opts.dataDir });
const wrap = (k) => ({
  query: async (text, params) => (await k.executeQuery(CompiledQuery.raw(text, params))).rows,
  transaction: (fn) => k.transaction().execute((tx) => fn(wrap(tx))),
});
try {
  const db = wrap(database.db);
  let last = 0;
  const result = await loadIncidents(db, {
    count: opts.count,
    seed: opts.seed,
    onProgress: (n) => {
      if (n - last >= 10_000) {
        last = n;
        process.stderr.write(`  pglite: ${n} rows\n`);
      }
    },
  });
  if (opts.analyze) {
    const t = performance.now();
    await db.query('vacuum (analyze)', []);
    result.analyzeMs = Math.round(performance.now() - t);
  }
  const t = performance.now();
  await db.query('checkpoint', []);
  result.checkpointMs = Math.round(performance.now() - t);
  process.stdout.write(JSON.stringify(result) + '\n');
} finally {
  await database.close();
}
