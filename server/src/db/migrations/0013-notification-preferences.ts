import { sql, type Kysely } from 'kysely';

/**
 * Who gets what (issue 5, item 3):
 * - `notification_preferences`: one row per user who saved preferences (email per urgency, a digest
 *   for low urgency, quiet hours as JSON checked by the shared contract); no row means the defaults.
 * - `notification_digest_items`: low-urgency notifications waiting for the user's next digest email,
 *   marked with the delivery that carried them.
 * - `team_notification_rules`: which notification kinds of a team's incidents (optionally of one
 *   type) are also posted to which of the team's chat channels.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
create table notification_preferences (
  user_id uuid primary key references users(id) on delete cascade,
  high_email boolean not null,
  low_email boolean not null,
  low_digest text not null check (low_digest in ('none', 'hourly', 'daily')),
  quiet_hours jsonb not null default '[]',
  version integer not null default 1,
  updated_at timestamptz not null
);

create table notification_digest_items (
  notification_id uuid primary key references notifications(id) on delete cascade,
  user_id uuid not null references users(id) on delete cascade,
  due_at timestamptz not null,
  delivery_id uuid references deliveries(id) on delete set null,
  sent_at timestamptz
);
create index notification_digest_items_pending_idx on notification_digest_items (user_id, due_at) where sent_at is null;

create table team_notification_rules (
  id uuid primary key default gen_random_uuid(),
  team_id uuid not null references teams(id) on delete cascade,
  type_id uuid references incident_types(id) on delete cascade,
  kinds text[] not null,
  channel_ids text[] not null,
  enabled boolean not null default true,
  created_by uuid references users(id) on delete set null,
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create index team_notification_rules_team_idx on team_notification_rules (team_id);
`.execute(db);
}
