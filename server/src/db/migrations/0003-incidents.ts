import { sql, type Kysely } from 'kysely';

/**
 * Incidents: whether a manager set the priority by hand (then impact and urgency no longer recompute
 * it), the client's Idempotency-Key of the create request (a retried create returns the first
 * incident), and the index behind the due-date sort of the incident list.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
alter table incidents add column priority_overridden boolean not null default false;
alter table incidents add column idempotency_key text;
create unique index incidents_idempotency_key on incidents (created_by, idempotency_key) where idempotency_key is not null;
create index incidents_due_idx on incidents ((coalesce(due_at, 'infinity'::timestamptz)), id);
create index incidents_merged_into_idx on incidents (merged_into_id) where merged_into_id is not null;
`.execute(db);
}
