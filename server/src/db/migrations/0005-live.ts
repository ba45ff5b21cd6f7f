import { sql, type Kysely } from 'kysely';

/**
 * Live events, saved views and the public report portal:
 * - every timeline event is announced on commit with NOTIFY vigil_incident {incidentId, eventId, type};
 * - saved views per user (a change is announced to its owner on vigil_user), and the mark that a
 *   user's default views were created;
 * - public report links per incident type, the status tokens of guest reports (hashed), the spent
 *   proof-of-work challenges and the portal's submission counters.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
create function vigil_notify_timeline_event() returns trigger language plpgsql as $$
begin
  perform pg_notify('vigil_incident', json_build_object('incidentId', new.incident_id, 'eventId', new.id, 'type', new.type)::text);
  return null;
end $$;
create trigger timeline_events_notify after insert on timeline_events
  for each row execute function vigil_notify_timeline_event();

create table saved_views (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users(id) on delete cascade,
  name text not null,
  filters jsonb not null default '{}',
  sort text not null,
  sort_order text not null check (sort_order in ('asc','desc')),
  columns text[] not null,
  position integer not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index saved_views_user_name_key on saved_views (user_id, lower(name));
create index saved_views_user_idx on saved_views (user_id, position);

create table saved_view_defaults (
  user_id uuid primary key references users(id) on delete cascade,
  created_at timestamptz not null default now()
);

create function vigil_notify_saved_view() returns trigger language plpgsql as $$
declare
  r saved_views;
begin
  if tg_op = 'DELETE' then r := old; else r := new; end if;
  perform pg_notify('vigil_user', json_build_object('userId', r.user_id, 'kind', 'saved_view', 'id', r.id)::text);
  return null;
end $$;
create trigger saved_views_notify after insert or update or delete on saved_views
  for each row execute function vigil_notify_saved_view();

create table public_report_links (
  id uuid primary key default gen_random_uuid(),
  type_id uuid not null unique references incident_types(id) on delete cascade,
  slug text not null unique,
  enabled boolean not null default false,
  created_by uuid references users(id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table portal_reports (
  incident_id uuid primary key references incidents(id) on delete cascade,
  link_id uuid references public_report_links(id) on delete set null,
  status_token_hash text not null unique,
  created_at timestamptz not null default now()
);

create table portal_spent_challenges (
  nonce text primary key,
  expires_at timestamptz not null
);
create index portal_spent_challenges_expires_idx on portal_spent_challenges (expires_at);

create table portal_throttle (
  key text primary key,
  hits integer not null,
  window_started_at timestamptz not null
);
`.execute(db);
}
