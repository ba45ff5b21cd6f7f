import { sql, type Kysely } from 'kysely';

/**
 * Outbound deliveries (see the deliveries ADR in docs/decisions/): one row per message to a person or system with its own retry
 * schedule; webhook endpoints and chat channels (secrets sealed with the server secret); stakeholder
 * lists per team; and a trigger that, while any webhook endpoint is enabled, enqueues a fan-out job
 * for each new timeline event in the transaction that wrote it, so no event is missed or sent twice.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
create table deliveries (
  id uuid primary key default gen_random_uuid(),
  channel text not null check (channel in ('email','slack','mattermost','teams','webhook')),
  target text not null,
  incident_id uuid references incidents(id),
  event_kind text not null,
  payload jsonb not null,
  status text not null default 'pending' check (status in ('pending','sending','delivered','failed','dead','disabled')),
  attempts integer not null default 0,
  max_attempts integer not null,
  next_attempt_at timestamptz,
  last_attempt_at timestamptz,
  last_error text,
  response_code integer,
  idempotency_key text not null unique,
  created_by uuid references users(id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  delivered_at timestamptz
);
create index deliveries_log_idx on deliveries (created_at desc, id desc);
create index deliveries_incident_idx on deliveries (incident_id, created_at desc) where incident_id is not null;
create index deliveries_target_idx on deliveries (target, created_at desc);
create index deliveries_open_idx on deliveries (status, next_attempt_at) where status in ('pending','sending');

create table webhook_endpoints (
  id uuid primary key default gen_random_uuid(),
  url text not null,
  description text not null default '',
  secret_sealed text not null,
  secret_hint text not null,
  previous_secret_sealed text,
  previous_secret_expires_at timestamptz,
  event_types text[] not null,
  team_id uuid references teams(id),
  enabled boolean not null default true,
  disabled_reason text,
  disabled_at timestamptz,
  created_by uuid references users(id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table chat_channels (
  id uuid primary key default gen_random_uuid(),
  kind text not null check (kind in ('slack','mattermost','teams')),
  name text not null,
  url_sealed text not null,
  url_hint text not null,
  team_id uuid references teams(id),
  locale text not null default 'en' check (locale in ('en','de')),
  enabled boolean not null default true,
  disabled_reason text,
  disabled_at timestamptz,
  created_by uuid references users(id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index chat_channels_team_idx on chat_channels (team_id) where team_id is not null;

create table stakeholder_lists (
  id uuid primary key default gen_random_uuid(),
  team_id uuid not null references teams(id),
  name text not null,
  description text not null default '',
  emails text[] not null,
  locale text not null default 'en' check (locale in ('en','de')),
  created_by uuid references users(id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index stakeholder_lists_team_name on stakeholder_lists (team_id, lower(name));

create function deliveries_fanout_enqueue() returns trigger language plpgsql as $$
begin
  if exists (select 1 from webhook_endpoints where enabled) then
    insert into jobs (name, payload, run_at, idempotency_key, max_attempts, created_at)
    values ('deliveries.fanout', jsonb_build_object('eventId', new.id), new.created_at, 'deliveries.fanout:' || new.id, 10, new.created_at)
    on conflict (idempotency_key) do nothing;
  end if;
  return new;
end $$;
create trigger timeline_events_deliveries_fanout after insert on timeline_events
  for each row execute function deliveries_fanout_enqueue();
`.execute(db);
}
