import { sql, type Kysely } from 'kysely';

/**
 * Incident types: one prefix per type (incident numbers must not collide), and the moment an admin
 * first edited a type, so pack upgrades never overwrite an admin's work.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
alter table incident_types add column customized_at timestamptz;
create unique index incident_types_prefix_key on incident_types (prefix);
`.execute(db);
}
