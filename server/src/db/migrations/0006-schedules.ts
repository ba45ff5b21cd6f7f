import { sql, type Kysely } from 'kysely';

/**
 * On-call schedules: a schedule belongs to a team and carries its rotation layers as validated jsonb
 * (edited as a whole, versioned); overrides are rows (the newest wins where they overlap, `seq` keeps
 * creation order); feed tokens guard the iCalendar feeds of a schedule or of a user, stored hashed.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
create table schedules (
  id uuid primary key default gen_random_uuid(),
  team_id uuid not null references teams(id),
  name text not null,
  description text not null default '',
  time_zone text not null,
  layers jsonb not null default '[]',
  version integer not null default 1,
  revision integer not null default 1,
  created_by uuid references users(id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index schedules_team_idx on schedules (team_id);
create index schedules_layers_idx on schedules using gin (layers jsonb_path_ops);

create table schedule_overrides (
  id uuid primary key default gen_random_uuid(),
  seq bigint generated always as identity,
  schedule_id uuid not null references schedules(id) on delete cascade,
  user_id uuid not null references users(id),
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  note text not null default '',
  created_by uuid references users(id),
  created_at timestamptz not null default now(),
  check (ends_at > starts_at)
);
create index schedule_overrides_schedule_idx on schedule_overrides (schedule_id, ends_at);
create index schedule_overrides_user_idx on schedule_overrides (user_id, ends_at);

create table schedule_feed_tokens (
  id uuid primary key default gen_random_uuid(),
  schedule_id uuid references schedules(id) on delete cascade,
  user_id uuid references users(id) on delete cascade,
  token_hash text not null unique,
  nonce text,
  created_by uuid references users(id),
  created_at timestamptz not null default now(),
  check ((schedule_id is null) <> (user_id is null)),
  check ((schedule_id is null) = (nonce is null))
);
create unique index schedule_feed_tokens_schedule_key on schedule_feed_tokens (schedule_id) where schedule_id is not null;
create unique index schedule_feed_tokens_user_key on schedule_feed_tokens (user_id) where user_id is not null;
`.execute(db);
}
