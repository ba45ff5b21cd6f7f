import { createHash } from 'node:crypto';
import { sql, type Insertable, type Updateable } from 'kysely';
import type { DbOrTx } from '../../db/client.js';
import type { InboundMailRow, InboundMailsTable, IncidentRow, IntegrationRow } from '../../db/schema.js';

export async function insertInboundMail(db: DbOrTx, row: Insertable<InboundMailsTable>): Promise<number> {
  return (await db.insertInto('inbound_mails').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function selectInboundMail(db: DbOrTx, id: number, opts: { lock?: boolean } = {}): Promise<InboundMailRow | undefined> {
  let q = db.selectFrom('inbound_mails').selectAll().where('id', '=', id);
  if (opts.lock) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function updateInboundMail(db: DbOrTx, id: number, set: Updateable<InboundMailsTable>): Promise<void> {
  await db.updateTable('inbound_mails').set(set).where('id', '=', id).execute();
}

/** Whether an earlier mail with this Message-ID was already acted on (a resent or doubly delivered message). */
export async function messageIdAlreadyHandled(db: DbOrTx, messageId: string, exceptId: number): Promise<boolean> {
  const row = await db
    .selectFrom('inbound_mails')
    .select('id')
    .where('message_id', '=', messageId)
    .where('id', '<>', exceptId)
    .where('status', '=', 'processed')
    .executeTakeFirst();
  return row !== undefined;
}

/** The email integration whose key is the recipient's sub-address (keys are stored as SHA-256 only). */
export async function selectEmailIntegrationByKey(db: DbOrTx, key: string): Promise<IntegrationRow | undefined> {
  const keyHash = createHash('sha256').update(key).digest('hex');
  return db.selectFrom('integrations').selectAll().where('key_hash', '=', keyHash).where('kind', '=', 'email').executeTakeFirst();
}

export async function selectIncidentRowById(db: DbOrTx, id: string): Promise<IncidentRow | undefined> {
  return db.selectFrom('incidents').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function selectIncidentRowByNumber(db: DbOrTx, number: string): Promise<IncidentRow | undefined> {
  return db.selectFrom('incidents').selectAll().where('number', '=', number).executeTakeFirst();
}

/**
 * Whether this address belongs to someone already in the incident: its reporter (user or external
 * contact), its assignee, a watcher, or a user who commented on it.
 */
export async function isParticipantAddress(db: DbOrTx, incident: IncidentRow, address: string): Promise<boolean> {
  const contact = (incident.reporter_contact as { email?: string } | null)?.email?.toLowerCase();
  if (contact && contact === address) return true;
  const row = await db
    .selectFrom('users as u')
    .select('u.id')
    .where(sql<string>`lower(u.email)`, '=', address)
    .where((eb) =>
      eb.or([
        eb('u.id', '=', incident.reporter_id ?? '00000000-0000-0000-0000-000000000000'),
        eb('u.id', '=', incident.assignee_id ?? '00000000-0000-0000-0000-000000000000'),
        eb.exists(eb.selectFrom('incident_watchers as w').select('w.user_id').where('w.incident_id', '=', incident.id).whereRef('w.user_id', '=', 'u.id')),
        eb.exists(eb.selectFrom('comments as c').select('c.id').where('c.incident_id', '=', incident.id).whereRef('c.author_id', '=', 'u.id')),
      ]),
    )
    .executeTakeFirst();
  return row !== undefined;
}

/** The email of the incident's reporter, user or external contact, lower-cased. */
export async function selectReporterAddress(db: DbOrTx, incident: IncidentRow): Promise<string | null> {
  const contact = (incident.reporter_contact as { email?: string } | null)?.email;
  if (contact) return contact.toLowerCase();
  if (!incident.reporter_id) return null;
  const user = await db.selectFrom('users').select('email').where('id', '=', incident.reporter_id).executeTakeFirst();
  return user?.email.toLowerCase() ?? null;
}

export async function listInboundMails(db: DbOrTx, opts: { limit: number; before?: number | undefined; status?: string | undefined }) {
  let q = db
    .selectFrom('inbound_mails as m')
    .leftJoin('incidents as i', 'i.id', 'm.incident_id')
    .select(['m.id', 'm.received_at', 'm.envelope_from', 'm.envelope_to', 'm.size', 'm.message_id', 'm.subject', 'm.from_address', 'm.status', 'm.outcome', 'm.incident_id', 'i.number as incident_number', 'm.comment_id', 'm.detail', 'm.processed_at'])
    .orderBy('m.id', 'desc')
    .limit(opts.limit);
  if (opts.before !== undefined) q = q.where('m.id', '<', opts.before);
  if (opts.status) q = q.where('m.status', '=', opts.status as InboundMailRow['status']);
  return q.execute();
}
