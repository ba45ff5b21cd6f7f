import { sql, type Kysely } from 'kysely';

/**
 * In-app notifications, escalation policies and running escalations, and the spent one-click
 * acknowledge links:
 * - `notifications`: a user's inbox; each row is announced on commit with NOTIFY vigil_user
 *   {userId, kind: 'notification', id}; `dedupe_key` makes a re-run of its dispatch job a no-op;
 * - `escalation_policies`: levels (delay, targets) and a repeat count per team, versioned;
 * - `escalations`: a policy running on an incident, with the snapshot of the policy taken at its
 *   start and a token that acknowledge/resolve/reassign rotates so pending steps become no-ops;
 *   at most one running escalation per (incident, policy);
 * - `escalation_pages`: who was paged at which level and pass, at most once per person;
 * - `ack_link_uses`: SHA-256 of each acknowledge link that was used (single use), until it expires.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
create table notifications (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users(id) on delete cascade,
  incident_id uuid references incidents(id) on delete cascade,
  kind text not null,
  urgency text not null check (urgency in ('high','low')),
  title text not null,
  body text not null default '',
  ack_url text,
  dedupe_key text not null unique,
  read_at timestamptz,
  created_at timestamptz not null default now()
);
create index notifications_user_idx on notifications (user_id, created_at desc, id desc);
create index notifications_unread_idx on notifications (user_id, created_at desc, id desc) where read_at is null;
create index notifications_incident_idx on notifications (incident_id);

create function vigil_notify_notification() returns trigger language plpgsql as $$
begin
  perform pg_notify('vigil_user', json_build_object('userId', new.user_id, 'kind', 'notification', 'id', new.id)::text);
  return null;
end $$;
create trigger notifications_notify after insert on notifications
  for each row execute function vigil_notify_notification();

create table escalation_policies (
  id uuid primary key default gen_random_uuid(),
  team_id uuid not null references teams(id) on delete cascade,
  name text not null,
  description text not null default '',
  levels jsonb not null,
  repeat_count integer not null default 0 check (repeat_count between 0 and 9),
  version integer not null default 1,
  created_by uuid references users(id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index escalation_policies_team_name_key on escalation_policies (team_id, lower(name));

create table escalations (
  id uuid primary key default gen_random_uuid(),
  incident_id uuid not null references incidents(id) on delete cascade,
  policy_id uuid references escalation_policies(id) on delete set null,
  snapshot jsonb not null,
  token uuid not null,
  level integer not null default 0,
  repeat integer not null default 0,
  next_step_at timestamptz,
  state text not null default 'running' check (state in ('running','acknowledged','resolved','exhausted','cancelled')),
  reason text not null,
  team_id uuid,
  assignee_id uuid,
  started_by uuid references users(id) on delete set null,
  started_at timestamptz not null,
  stopped_at timestamptz,
  stop_reason text,
  updated_at timestamptz not null
);
create unique index escalations_running_key on escalations (incident_id, policy_id) where state = 'running';
create index escalations_incident_idx on escalations (incident_id, started_at);

create table escalation_pages (
  escalation_id uuid not null references escalations(id) on delete cascade,
  level integer not null,
  repeat integer not null,
  user_id uuid not null references users(id) on delete cascade,
  paged_at timestamptz not null,
  primary key (escalation_id, level, repeat, user_id)
);

create table ack_link_uses (
  token_hash text primary key,
  incident_id uuid not null,
  user_id uuid not null,
  used_at timestamptz not null,
  expires_at timestamptz not null
);
create index ack_link_uses_expires_idx on ack_link_uses (expires_at);
`.execute(db);
}
