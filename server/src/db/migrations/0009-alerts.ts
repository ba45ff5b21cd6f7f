import { sql, type Kysely } from 'kysely';

/**
 * Inbound alerts: integrations (a secret key each, kept as its SHA-256), every inbound event stored
 * raw before it is answered, alerts (one open row per integration and dedup key, enforced by a
 * unique partial index) with their own history.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
create table integrations (
  id uuid primary key default gen_random_uuid(),
  kind text not null check (kind in ('pagerduty','alertmanager','grafana','webhook','email')),
  name text not null,
  type_id uuid not null references incident_types(id),
  team_id uuid references teams(id) on delete set null,
  key_hash text not null,
  key_hint text not null,
  settings jsonb not null default '{}',
  rate_limit_per_minute integer not null default 120 check (rate_limit_per_minute > 0),
  enabled boolean not null default true,
  created_by uuid references users(id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index integrations_key_hash_key on integrations (key_hash);

create table alert_events (
  id bigint generated always as identity primary key,
  integration_id uuid not null references integrations(id),
  kind text not null check (kind in ('alert','change')),
  stream_key text not null,
  payload jsonb not null,
  source_ip text,
  user_agent text,
  received_at timestamptz not null default now(),
  status text not null default 'pending' check (status in ('pending','processed','failed')),
  processed_at timestamptz,
  outcome text,
  error text
);
create index alert_events_stream_pending_idx on alert_events (integration_id, stream_key, id) where status = 'pending';
create index alert_events_integration_idx on alert_events (integration_id, id desc);

create table alerts (
  id uuid primary key default gen_random_uuid(),
  integration_id uuid not null references integrations(id),
  dedup_key text not null,
  group_key text not null,
  status text not null check (status in ('triggered','acknowledged','resolved')),
  title text not null,
  severity text,
  source text,
  labels jsonb not null default '{}',
  incident_id uuid references incidents(id),
  event_count integer not null default 1,
  first_event_at timestamptz not null,
  last_event_at timestamptz not null,
  acknowledged_at timestamptz,
  resolved_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index alerts_open_dedup_key on alerts (integration_id, dedup_key) where status <> 'resolved';
create index alerts_group_idx on alerts (integration_id, group_key, created_at desc);
create index alerts_incident_idx on alerts (incident_id) where incident_id is not null;
create index alerts_created_idx on alerts (created_at desc, id desc);

create table alert_history (
  id bigint generated always as identity primary key,
  alert_id uuid not null references alerts(id) on delete cascade,
  event_id bigint references alert_events(id) on delete set null,
  action text not null check (action in ('trigger','repeat','acknowledge','resolve')),
  status text not null check (status in ('triggered','acknowledged','resolved')),
  at timestamptz not null,
  data jsonb not null default '{}'
);
create index alert_history_alert_idx on alert_history (alert_id, id);
`.execute(db);
}
