// Fresh PostgreSQL databases for the benchmarks, on the local server only.
import pg from 'pg';

/** Admin connection; BENCH_PG_URL may point at another local cluster (127.0.0.1 or localhost only). */
export const adminUrl = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
{
  const host = new URL(adminUrl).hostname;
  if (host !== '127.0.0.1' && host !== 'localhost') throw new Error(`BENCH_PG_URL must point at 127.0.0.1, not ${host}`);
}

const created = new Set();

/** The URL of database `name` on the admin server. */
export function databaseUrl(name) {
  const url = new URL(adminUrl);
  url.hostname = '127.0.0.1';
  url.pathname = '/' + name;
  return url.toString();
}

async function withAdmin(fn) {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Creates an empty database named `vigil_bench_<suffix>` and returns its URL. */
export async function createDatabase(suffix) {
  const name = `vigil_bench_${suffix}`.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  await withAdmin(async (c) => {
    await c.query(`drop database if exists ${name} with (force)`);
    await c.query(`create database ${name}`);
  });
  created.add(name);
  return { name, url: databaseUrl(name) };
}

/** Drops a database this run created. */
export async function dropDatabase(name) {
  await withAdmin((c) => c.query(`drop database if exists ${name} with (force)`));
  created.delete(name);
}

/** Drops every database this run created (cleanup on exit or abort). */
export async function dropAllCreated() {
  for (const name of [...created]) {
    try {
      await dropDatabase(name);
    } catch (err) {
      console.error(`could not drop ${name}: ${err.message}`);
    }
  }
}

/** Server version and the settings that matter for write throughput. */
export async function serverInfo() {
  return withAdmin(async (c) => {
    const v = await c.query('show server_version');
    const s = await c.query(`select name, setting from pg_settings where name in ('synchronous_commit','shared_buffers','max_connections','fsync')`);
    return { version: v.rows[0].server_version, settings: Object.fromEntries(s.rows.map((r) => [r.name, r.setting])) };
  });
}

/** Runs fn with a client on a bench database. */
export async function withClient(url, fn) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * Samples pg_stat_activity of one database every `everyMs` until stopped: how many backends were
 * running, idle in a transaction, or waiting, and on what. Shows where a write path serialises.
 */
export function sampleActivity(dbName, everyMs = 250) {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 10_000 });
  const counts = {};
  const waiting = {};
  let samples = 0;
  let timer;
  let stopped = false;
  const ready = client.connect().then(() => {
    const tick = async () => {
      if (stopped) return;
      try {
        const r = await client.query(
          `select state, coalesce(wait_event_type || ':' || wait_event, '') as wait,
                  case when wait_event_type = 'Lock' then left(regexp_replace(query, '\\s+', ' ', 'g'), 90) end as stmt, count(*)::int as n
             from pg_stat_activity where datname = $1 and pid <> pg_backend_pid() group by 1, 2, 3`,
          [dbName],
        );
        samples++;
        for (const row of r.rows) {
          if (row.stmt) waiting[row.stmt] = (waiting[row.stmt] ?? 0) + row.n;
          const key = row.wait ? `${row.state} (${row.wait})` : row.state;
          counts[key] = (counts[key] ?? 0) + row.n;
        }
      } catch {
        // a sample lost is not worth failing the benchmark for
      }
      if (!stopped) timer = setTimeout(tick, everyMs);
    };
    void tick();
  });
  return {
    /** Stops sampling; returns the average number of backends per state over the samples. */
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await ready.catch(() => {});
      await client.end().catch(() => {});
      const average = (o) => Object.fromEntries(Object.entries(o).sort((a, b) => b[1] - a[1]).map(([k, v]) => [k, Math.round((v / Math.max(samples, 1)) * 100) / 100]));
      return { samples, averageBackends: average(counts), waitingOnLocks: average(waiting) };
    },
  };
}
