import { sql, type Kysely } from 'kysely';

/**
 * Routing rules: one ordered list (global rules and rules of one type), conditions and effects as
 * JSON checked by the shared contract, and which rule was applied to which incident, so a rule's
 * effects happen once per incident however often it is edited afterwards.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
create table routing_rules (
  id uuid primary key default gen_random_uuid(),
  name text not null,
  type_id uuid references incident_types(id),
  position integer not null,
  enabled boolean not null default true,
  conditions jsonb not null default '[]',
  effects jsonb not null default '[]',
  stop_processing boolean not null default false,
  version integer not null default 1,
  created_by uuid references users(id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index routing_rules_order_idx on routing_rules (position, id);

create table routing_applications (
  incident_id uuid not null references incidents(id) on delete cascade,
  rule_id uuid not null references routing_rules(id) on delete cascade,
  rule_version integer not null,
  applied_at timestamptz not null,
  primary key (incident_id, rule_id)
);
create index routing_applications_rule_idx on routing_applications (rule_id);
`.execute(db);
}
