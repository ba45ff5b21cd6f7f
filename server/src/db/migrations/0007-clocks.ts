import { sql, type Kysely } from 'kysely';

/**
 * Clocks: business calendars (global or per team), SLA policies per incident type and priority, and
 * the clocks of incidents (SLA and legal), each with its calendar snapshot, elapsed business time,
 * state and a version that stale warning and breach jobs compare against.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
create table calendars (
  id uuid primary key default gen_random_uuid(),
  name text not null,
  team_id uuid references teams(id) on delete cascade,
  time_zone text not null,
  working_hours jsonb not null,
  holidays jsonb not null default '[]',
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index calendars_name_key on calendars (coalesce(team_id, '00000000-0000-0000-0000-000000000000'::uuid), lower(name));

create table sla_policies (
  id uuid primary key default gen_random_uuid(),
  type_id uuid not null references incident_types(id) on delete cascade,
  priority text not null check (priority in ('P1','P2','P3','P4','P5')),
  acknowledge_ms bigint not null check (acknowledge_ms > 0),
  resolve_ms bigint not null check (resolve_ms > 0),
  first_update_ms bigint check (first_update_ms > 0),
  calendar_id uuid references calendars(id),
  warn_percent integer not null default 75 check (warn_percent between 1 and 99),
  breach_actions jsonb not null default '{}',
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (type_id, priority)
);
create index sla_policies_calendar_idx on sla_policies (calendar_id);

create table clocks (
  id uuid primary key default gen_random_uuid(),
  incident_id uuid not null references incidents(id) on delete cascade,
  kind text not null check (kind in ('sla_ack','sla_resolve','sla_update','gdpr_art33','gdpr_art34','nis2_early_warning','nis2_notification','nis2_final_report')),
  policy_id uuid references sla_policies(id) on delete set null,
  target_ms bigint not null check (target_ms >= 0),
  calendar jsonb not null,
  warn_percent integer not null default 75 check (warn_percent between 1 and 99),
  breach_actions jsonb not null default '{}',
  started_at timestamptz not null,
  running_since timestamptz,
  elapsed_ms bigint not null default 0,
  paused_at timestamptz,
  due_at timestamptz,
  warn_at timestamptz,
  state text not null check (state in ('running','paused','met','breached','waived')),
  warned_at timestamptz,
  breached_at timestamptz,
  met_at timestamptz,
  waived_at timestamptz,
  waived_reason text,
  waived_by uuid references users(id),
  submissions jsonb not null default '[]',
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (incident_id, kind)
);
create index clocks_open_due_idx on clocks (due_at, id) where state in ('running','breached') and met_at is null;
create index clocks_warn_idx on clocks (warn_at) where state = 'running' and warned_at is null;
`.execute(db);
}
