import { sql, type Kysely } from 'kysely';

/** Lets the hourly maintenance job find done jobs past their retention without scanning the whole queue. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index jobs_done_idx on jobs (finished_at) where status = 'done'`.execute(db);
}
