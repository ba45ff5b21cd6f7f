// The ceiling for "create incident": a bare Fastify route, same Fastify and zod versions as Vigil,
// parsing the same JSON body with zod and inserting the same row shape into an equivalent table
// (same columns, generated search vector and indexes) in one transaction through Kysely, on pg
// (DATABASE_URL) or on PGlite (VIGIL_DATA_DIR) with the project's own PGlite dialect.
// No auth, no type lookup, no number allocation row, no timeline, no audit, no jobs.
import { Blob } from 'node:buffer';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify from 'fastify';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { register } from 'tsx/esm/api';
import { z } from 'zod';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const port = Number(process.env.PORT ?? 3999);
const host = process.env.HOST ?? '127.0.0.1';

const level = z.enum(['high', 'medium', 'low']);
const bodySchema = z.object({
  type: z.string().min(1).max(100),
  title: z.string().trim().min(1).max(200),
  description: z.string().max(50_000).default(''),
  category: z.string().max(100).nullable().optional(),
  severity: z.enum(['critical', 'high', 'medium', 'low']),
  impact: level,
  urgency: level,
  businessAreas: z.array(z.string().max(100)).max(50).default([]),
  services: z.array(z.string().max(100)).max(50).default([]),
  occurredAt: z.iso.datetime({ offset: true }).nullable().optional(),
  detectedAt: z.iso.datetime({ offset: true }).nullable().optional(),
  becameAwareAt: z.iso.datetime({ offset: true }).nullable().optional(),
  custom: z.record(z.string(), z.unknown()).default({}),
});
const matrix = { high: { high: 'P1', medium: 'P2', low: 'P3' }, medium: { high: 'P2', medium: 'P3', low: 'P4' }, low: { high: 'P3', medium: 'P4', low: 'P5' } };

async function openDb() {
  if (process.env.DATABASE_URL) {
    const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
    return { db: new Kysely({ dialect: new PostgresDialect({ pool }) }), close: async () => {} };
  }
  register();
  const { PGlite } = await import('@electric-sql/pglite');
  const { PGliteDialect } = await import('../server/src/db/pglite-dialect.ts');
  const dataDir = path.join(process.env.VIGIL_DATA_DIR ?? path.join(root, '.data-bare'), 'pgdata');
  mkdirSync(dataDir, { recursive: true });
  const template = path.join(root, 'server/template/pglite.tar.gz');
  const fresh = !existsSync(path.join(dataDir, 'PG_VERSION'));
  const pglite = new PGlite({ dataDir, ...(fresh && existsSync(template) ? { loadDataDir: new Blob([readFileSync(template)]) } : {}) });
  await pglite.waitReady;
  return { db: new Kysely({ dialect: new PGliteDialect(pglite) }), close: () => pglite.close() };
}

const { db, close } = await openDb();
await sql`
create table if not exists bare_types (id uuid primary key default gen_random_uuid(), key text not null unique);
insert into bare_types (key) values ('it-outage'), ('security'), ('data-breach'), ('quality-deviation'), ('facility-fault') on conflict do nothing;
create sequence if not exists bare_number_seq;
create table if not exists bare_incidents (
  id uuid primary key default gen_random_uuid(),
  number text not null unique,
  type_id uuid not null references bare_types(id),
  title text not null,
  description text not null default '',
  category text,
  severity text not null check (severity in ('critical','high','medium','low')),
  impact text not null check (impact in ('high','medium','low')),
  urgency text not null check (urgency in ('high','medium','low')),
  priority text not null check (priority in ('P1','P2','P3','P4','P5')),
  business_areas text[] not null default '{}',
  services text[] not null default '{}',
  assets text[] not null default '{}',
  locations text[] not null default '{}',
  reporter_id uuid,
  reporter_contact jsonb,
  assignee_id uuid,
  team_id uuid,
  state text not null,
  state_category text not null,
  restricted boolean not null default false,
  confidentiality text not null default 'internal',
  source text not null default 'api',
  custom jsonb not null default '{}',
  resolution text,
  due_at timestamptz,
  occurred_at timestamptz,
  detected_at timestamptz,
  became_aware_at timestamptz,
  reported_at timestamptz not null default now(),
  acknowledged_at timestamptz,
  resolved_at timestamptz,
  closed_at timestamptz,
  merged_into_id uuid,
  created_by uuid,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  search tsvector generated always as (
    setweight(to_tsvector('simple', coalesce(number, '') || ' ' || coalesce(title, '')), 'A') ||
    setweight(to_tsvector('simple', coalesce(description, '')), 'B')
  ) stored
);
create index if not exists bare_created_idx on bare_incidents (created_at desc, id desc);
create index if not exists bare_updated_idx on bare_incidents (updated_at desc, id desc);
create index if not exists bare_team_state_idx on bare_incidents (team_id, state_category, created_at desc, id desc);
create index if not exists bare_priority_idx on bare_incidents (priority, created_at desc, id desc);
create index if not exists bare_assignee_idx on bare_incidents (assignee_id, state_category);
create index if not exists bare_reporter_idx on bare_incidents (reporter_id);
create index if not exists bare_type_idx on bare_incidents (type_id, created_at desc);
create index if not exists bare_areas_idx on bare_incidents using gin (business_areas);
create index if not exists bare_custom_idx on bare_incidents using gin (custom jsonb_path_ops);
create index if not exists bare_search_idx on bare_incidents using gin (search);
`.execute(db);
const types = new Map((await sql`select id, key from bare_types`.execute(db)).rows.map((r) => [r.key, r.id]));

const app = Fastify({ logger: false, bodyLimit: 1_048_576 });
app.get('/readyz', async () => {
  await sql`select 1`.execute(db);
  return { status: 'ready' };
});
app.post('/incidents', async (req, reply) => {
  const parsed = bodySchema.safeParse(req.body);
  if (!parsed.success) return reply.code(400).send({ code: 'validation_failed', issues: parsed.error.issues });
  const b = parsed.data;
  const typeId = types.get(b.type);
  if (!typeId) return reply.code(400).send({ code: 'unknown_type' });
  const row = await db.transaction().execute((tx) =>
    tx
      .insertInto('bare_incidents')
      .values({
        number: sql`'BARE-' || extract(year from now())::int || '-' || lpad(nextval('bare_number_seq')::text, 6, '0')`,
        type_id: typeId,
        title: b.title,
        description: b.description,
        category: b.category ?? null,
        severity: b.severity,
        impact: b.impact,
        urgency: b.urgency,
        priority: matrix[b.impact][b.urgency],
        business_areas: b.businessAreas,
        services: b.services,
        state: 'new',
        state_category: 'new',
        custom: JSON.stringify(b.custom),
        occurred_at: b.occurredAt ?? null,
        detected_at: b.detectedAt ?? null,
        became_aware_at: b.becameAwareAt ?? null,
      })
      .returning(['id', 'number', 'title', 'severity', 'priority', 'state', 'created_at'])
      .executeTakeFirstOrThrow(),
  );
  return reply.code(201).send({ id: row.id, number: row.number, title: row.title, severity: row.severity, priority: row.priority, state: row.state, createdAt: new Date(row.created_at).toISOString() });
});
app.get('/count', async () => {
  const r = await sql`select count(*)::int as n from bare_incidents`.execute(db);
  return { count: r.rows[0].n };
});

const stop = async () => {
  await app.close();
  await db.destroy();
  await close();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
await app.listen({ port, host });
