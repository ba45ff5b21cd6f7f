import { sql, type Kysely } from 'kysely';

/**
 * Email in: every message the SMTP listener accepts is stored raw before it is answered with 250,
 * then processed by a job (new incident, comment on an incident, or dropped with the reason).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
create table inbound_mails (
  id bigint generated always as identity primary key,
  received_at timestamptz not null default now(),
  remote_address text,
  envelope_from text not null default '',
  envelope_to text[] not null,
  size integer not null,
  raw bytea not null,
  message_id text,
  subject text,
  from_address text,
  status text not null default 'received' check (status in ('received','processed','dropped','failed')),
  outcome text,
  incident_id uuid references incidents(id),
  comment_id uuid references comments(id),
  integration_id uuid references integrations(id) on delete set null,
  detail text,
  processed_at timestamptz
);
create index inbound_mails_received_idx on inbound_mails (received_at desc, id desc);
create index inbound_mails_message_id_idx on inbound_mails (message_id) where message_id is not null;
`.execute(db);
}
