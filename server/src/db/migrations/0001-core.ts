import { sql, type Kysely } from 'kysely';

/** The incident core: directory, types, incidents, timeline, audit chain, jobs. Runs on PostgreSQL 15+ and PGlite. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
create table users (
  id uuid primary key default gen_random_uuid(),
  email text not null,
  name text not null,
  password_hash text,
  role text not null check (role in ('admin','manager','agent','reporter','auditor')),
  locale text not null default 'en' check (locale in ('en','de')),
  time_zone text not null default 'UTC',
  active boolean not null default true,
  last_login_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index users_email_key on users (lower(email));

create table teams (
  id uuid primary key default gen_random_uuid(),
  slug text not null unique,
  name text not null,
  description text not null default '',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table team_members (
  team_id uuid not null references teams(id) on delete cascade,
  user_id uuid not null references users(id) on delete cascade,
  role text not null default 'member' check (role in ('member','lead')),
  created_at timestamptz not null default now(),
  primary key (team_id, user_id)
);
create index team_members_user_idx on team_members (user_id);

create table sessions (
  id text primary key,
  user_id uuid not null references users(id) on delete cascade,
  csrf_token text not null,
  ip text,
  user_agent text,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  expires_at timestamptz not null
);
create index sessions_user_idx on sessions (user_id);

create table api_tokens (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users(id) on delete cascade,
  name text not null,
  token_hash text not null unique,
  prefix text not null,
  scope text not null check (scope in ('read','write')),
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  expires_at timestamptz,
  revoked_at timestamptz
);
create index api_tokens_user_idx on api_tokens (user_id);

create table auth_throttle (
  key text primary key,
  failures integer not null default 0,
  window_started_at timestamptz not null default now(),
  blocked_until timestamptz
);

create table settings (
  key text primary key,
  value jsonb not null,
  updated_at timestamptz not null default now()
);

create table incident_types (
  id uuid primary key default gen_random_uuid(),
  key text not null unique,
  name jsonb not null,
  description jsonb not null default '{}',
  prefix text not null,
  restricted boolean not null default false,
  default_team_id uuid references teams(id) on delete set null,
  fields jsonb not null default '[]',
  required_fields jsonb not null default '[]',
  workflow jsonb not null,
  categories jsonb not null default '[]',
  priority_matrix jsonb not null,
  pack text,
  pack_version integer,
  active boolean not null default true,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table number_sequences (
  prefix text not null,
  year integer not null,
  last_value integer not null,
  primary key (prefix, year)
);

create table incidents (
  id uuid primary key default gen_random_uuid(),
  number text not null unique,
  type_id uuid not null references incident_types(id),
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
  reporter_id uuid references users(id),
  reporter_contact jsonb,
  assignee_id uuid references users(id),
  team_id uuid references teams(id),
  state text not null,
  state_category text not null check (state_category in ('new','active','waiting','resolved','closed')),
  restricted boolean not null default false,
  confidentiality text not null default 'internal' check (confidentiality in ('internal','confidential','strictly_confidential')),
  source text not null default 'api' check (source in ('form','portal','email','api','alert')),
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
  merged_into_id uuid references incidents(id),
  created_by uuid references users(id),
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  search tsvector generated always as (
    setweight(to_tsvector('simple', coalesce(number, '') || ' ' || coalesce(title, '')), 'A') ||
    setweight(to_tsvector('simple', coalesce(description, '')), 'B')
  ) stored
);
create index incidents_created_idx on incidents (created_at desc, id desc);
create index incidents_updated_idx on incidents (updated_at desc, id desc);
create index incidents_team_state_idx on incidents (team_id, state_category, created_at desc, id desc);
create index incidents_priority_idx on incidents (priority, created_at desc, id desc);
create index incidents_assignee_idx on incidents (assignee_id, state_category);
create index incidents_reporter_idx on incidents (reporter_id);
create index incidents_type_idx on incidents (type_id, created_at desc);
create index incidents_areas_idx on incidents using gin (business_areas);
create index incidents_custom_idx on incidents using gin (custom jsonb_path_ops);
create index incidents_search_idx on incidents using gin (search);

create table incident_watchers (
  incident_id uuid not null references incidents(id) on delete cascade,
  user_id uuid not null references users(id) on delete cascade,
  created_at timestamptz not null default now(),
  primary key (incident_id, user_id)
);
create index incident_watchers_user_idx on incident_watchers (user_id);

create table comments (
  id uuid primary key default gen_random_uuid(),
  incident_id uuid not null references incidents(id) on delete cascade,
  author_id uuid references users(id),
  body text not null,
  visibility text not null check (visibility in ('internal','public')),
  created_at timestamptz not null default now(),
  search tsvector generated always as (to_tsvector('simple', body)) stored
);
create index comments_incident_idx on comments (incident_id, created_at);
create index comments_search_idx on comments using gin (search);

create table attachments (
  id uuid primary key default gen_random_uuid(),
  incident_id uuid not null references incidents(id) on delete cascade,
  comment_id uuid references comments(id) on delete set null,
  sha256 text not null,
  filename text not null,
  content_type text not null,
  size integer not null,
  uploaded_by uuid references users(id),
  created_at timestamptz not null default now()
);
create index attachments_incident_idx on attachments (incident_id);

create table incident_links (
  id uuid primary key default gen_random_uuid(),
  from_id uuid not null references incidents(id) on delete cascade,
  to_id uuid not null references incidents(id) on delete cascade,
  kind text not null check (kind in ('duplicate_of','related','caused_by')),
  created_by uuid references users(id),
  created_at timestamptz not null default now(),
  unique (from_id, to_id, kind),
  check (from_id <> to_id)
);
create index incident_links_to_idx on incident_links (to_id);

create table timeline_events (
  id bigint generated always as identity primary key,
  incident_id uuid not null references incidents(id) on delete cascade,
  type text not null,
  actor_id uuid references users(id),
  visibility text not null default 'internal' check (visibility in ('internal','public')),
  data jsonb not null default '{}',
  created_at timestamptz not null default now()
);
create index timeline_events_incident_idx on timeline_events (incident_id, id);

create table audit_head (
  id integer primary key check (id = 1),
  seq bigint not null,
  hash text not null
);
insert into audit_head (id, seq, hash) values (1, 0, repeat('0', 64));

create table audit_log (
  seq bigint primary key,
  at timestamptz not null,
  actor_type text not null check (actor_type in ('user','token','system','cli','anonymous','integration')),
  actor_id uuid,
  source_ip text,
  request_id text,
  entity_type text not null,
  entity_id text not null,
  action text not null,
  before jsonb,
  after jsonb,
  prev_hash text not null,
  hash text not null
);
create index audit_log_entity_idx on audit_log (entity_type, entity_id, seq);
create index audit_log_actor_idx on audit_log (actor_id, seq);
create index audit_log_at_idx on audit_log (at);

create function audit_log_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'audit_log is append-only';
end $$;
create trigger audit_log_no_update before update or delete on audit_log
  for each row execute function audit_log_append_only();

create table jobs (
  id bigint generated always as identity primary key,
  name text not null,
  payload jsonb not null default '{}',
  status text not null default 'queued' check (status in ('queued','running','done','dead')),
  run_at timestamptz not null default now(),
  attempts integer not null default 0,
  max_attempts integer not null default 10,
  idempotency_key text unique,
  locked_by text,
  locked_until timestamptz,
  last_error text,
  created_at timestamptz not null default now(),
  finished_at timestamptz
);
create index jobs_due_idx on jobs (run_at) where status = 'queued';
create index jobs_running_idx on jobs (locked_until) where status = 'running';
`.execute(db);
}
